using System.Runtime.CompilerServices;

namespace ResLab.Screens;

/// <summary>
/// Read counts of a pooled CRISPR screen: one row per sgRNA (its id and the gene it targets), one column per
/// sample — what <c>mageck count</c> writes and what <c>mageck test</c> and DrugZ read. Both the file readers and
/// the screen simulator build it; <see cref="CountTableWriter"/> writes it in MAGeCK's layout. Counts are whole,
/// non-negative numbers (checked on construction).
/// </summary>
public sealed class CountTable
{
    private readonly double[][] _counts; // [sample][sgRNA]
    private readonly int[]? _lines;
    private Dictionary<string, int>? _index;

    public IReadOnlyList<string> Sgrnas { get; }
    public IReadOnlyList<string> Genes { get; }
    public IReadOnlyList<string> Samples { get; }

    /// <summary>Where the table came from (a file name), for messages; null when built in memory.</summary>
    public string? Source { get; }

    public int SgrnaCount => Sgrnas.Count;
    public int SampleCount => Samples.Count;

    /// <summary>
    /// A table from columns of counts (<paramref name="counts"/>[sample][sgRNA]). Throws <see cref="UserInputException"/>
    /// for duplicate sgRNA ids, duplicate sample names, empty ids or genes, and negative, fractional or non-finite counts.
    /// <paramref name="lines"/> (optional) gives each sgRNA's line in <paramref name="source"/> for messages.
    /// </summary>
    public CountTable(IReadOnlyList<string> sgrnas, IReadOnlyList<string> genes, IReadOnlyList<string> samples, double[][] counts,
        string? source = null, int[]? lines = null)
    {
        if (genes.Count != sgrnas.Count) throw new ArgumentException($"{genes.Count} genes for {sgrnas.Count} sgRNAs");
        if (counts.Length != samples.Count) throw new ArgumentException($"{counts.Length} count columns for {samples.Count} samples");
        if (lines is not null && lines.Length != sgrnas.Count) throw new ArgumentException("one line number per sgRNA expected");
        Sgrnas = sgrnas;
        Genes = genes;
        Samples = samples;
        Source = source;
        _counts = counts;
        _lines = lines;
        if (sgrnas.Count == 0) throw new UserInputException("the count table has no sgRNAs; expected one row per sgRNA", new InputLocation(source));
        if (samples.Count == 0) throw new UserInputException("the count table has no sample columns; expected sgRNA, Gene, then one column per sample", new InputLocation(source, 1));
        for (int s = 0; s < samples.Count; s++)
        {
            if (counts[s].Length != sgrnas.Count) throw new ArgumentException($"sample {samples[s]} has {counts[s].Length} counts for {sgrnas.Count} sgRNAs");
            for (int j = 0; j < s; j++)
                if (samples[j] == samples[s])
                    throw new UserInputException($"sample name '{samples[s]}' appears twice; expected unique sample names", new InputLocation(source, 1));
        }
        Validate();
    }

    /// <summary>The count of sgRNA <paramref name="sgrna"/> in sample <paramref name="sample"/>.</summary>
    public double Count(int sgrna, int sample) => _counts[sample][sgrna];

    /// <summary>All counts of one sample, in sgRNA order.</summary>
    public ReadOnlySpan<double> Column(int sample) => _counts[sample];

    /// <summary>The input line of an sgRNA (1-based), when the table was read from a file.</summary>
    public int? LineOf(int sgrna) => _lines?[sgrna];

    public InputLocation Where(int sgrna, string? field = null) => new(Source, LineOf(sgrna), Field: field);

    /// <summary>Index of a sample by exact name, or -1.</summary>
    public int SampleIndex(string name)
    {
        for (int i = 0; i < Samples.Count; i++)
            if (Samples[i] == name) return i;
        return -1;
    }

    /// <summary>Index of an sgRNA by id, or -1.</summary>
    public int SgrnaIndex(string id)
    {
        if (_index is null)
        {
            var d = new Dictionary<string, int>(Sgrnas.Count, StringComparer.Ordinal);
            for (int i = 0; i < Sgrnas.Count; i++) d[Sgrnas[i]] = i;
            _index = d;
        }
        return _index.TryGetValue(id, out var k) ? k : -1;
    }

    /// <summary>
    /// Resolves sample labels as given on a command line (names; or, as MAGeCK allows, 0-based column indices when
    /// every label is a number and none is a sample name). Unknown names get the nearest name suggested.
    /// </summary>
    public int[] ResolveSamples(IReadOnlyList<string> labels, string option)
    {
        if (labels.Count == 0) throw new UserInputException($"no samples given; expected a comma-separated list of sample names from: {string.Join(", ", Samples)}", new InputLocation(Field: option));
        bool allIndices = labels.All(l => int.TryParse(l, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) && k < Samples.Count)
                          && labels.All(l => SampleIndex(l) < 0);
        var r = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            int k = allIndices ? int.Parse(labels[i], System.Globalization.CultureInfo.InvariantCulture) : SampleIndex(labels[i]);
            if (k < 0)
                throw new UserInputException(
                    $"no sample '{labels[i]}' in the count table{Storage.NameMatcher.Hint(labels[i], Samples)}; the samples are: {string.Join(", ", Samples)}",
                    new InputLocation(Source, 1, Field: option));
            for (int j = 0; j < i; j++)
                if (r[j] == k) throw new UserInputException($"sample '{Samples[k]}' is listed twice", new InputLocation(Field: option));
            r[i] = k;
        }
        return r;
    }

    private void Validate()
    {
        var seen = new Dictionary<string, int>(Sgrnas.Count, StringComparer.Ordinal);
        for (int i = 0; i < Sgrnas.Count; i++)
        {
            if (string.IsNullOrEmpty(Sgrnas[i])) throw new UserInputException("empty sgRNA id; expected an id in the first column", Where(i, "sgRNA"));
            if (string.IsNullOrEmpty(Genes[i])) throw new UserInputException($"sgRNA '{Sgrnas[i]}' has an empty gene; expected the targeted gene in the second column (MAGeCK refuses empty gene ids too)", Where(i, "Gene"));
            if (!seen.TryAdd(Sgrnas[i], i))
            {
                int first = seen[Sgrnas[i]];
                var firstWhere = LineOf(first) is { } l ? $"line {l}" : $"row {first + 1}";
                throw new UserInputException($"duplicate sgRNA id '{Sgrnas[i]}' (first at {firstWhere}); expected each sgRNA once (MAGeCK would silently keep the first)", Where(i, "sgRNA"));
            }
        }
        _index = seen;
        for (int s = 0; s < Samples.Count; s++)
        {
            var col = _counts[s];
            for (int i = 0; i < col.Length; i++)
            {
                double v = col[i];
                if (v >= 0 && v == Math.Floor(v) && v < 1e15) continue;
                var what = double.IsNaN(v) ? "NaN" : double.IsInfinity(v) ? "an infinite count" : v < 0 ? "a negative count" : v >= 1e15 ? "an implausibly large count" : "a fractional count";
                throw UserInputException.Invalid(Where(i, Samples[s]), Storage.NumberFormat.Format(v),
                    "a whole, non-negative read count", $"{what} for sgRNA '{Sgrnas[i]}'; counts are reads, not normalised values");
            }
        }
    }
}
