using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using ResLab.Storage;

namespace ResLab.Screens;

/// <summary>
/// Reads a screen's count table: MAGeCK's wide layout (<c>sgRNA, Gene, sample…</c>; tab-separated, or comma-separated
/// for <c>.csv</c> as MAGeCK decides by the extension) or a tidy long table with one row per sgRNA and sample
/// (columns <c>sgRNA, gene, sample, count</c>, found by name). The wide layout has its own fast parser — a
/// genome-wide table of 80,000 sgRNAs reads in a few tens of milliseconds; anything with quoted cells, and the long
/// layout, goes through <see cref="TidyTable"/>.
/// </summary>
public static class CountTableReader
{
    public static readonly string[] SgrnaColumns = ["sgrna", "sgrna_id", "guide", "guide_id", "id"];
    public static readonly string[] GeneColumns = ["gene", "gene_id", "symbol", "gene_symbol", "target"];
    public static readonly string[] SampleColumns = ["sample", "sample_id", "sample_name"];
    public static readonly string[] CountColumns = ["count", "counts", "reads", "read_count"];

    public static CountTable Read(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory; expected a count table (TSV or CSV)", new InputLocation(path));
        if (!File.Exists(path)) throw new UserInputException("file not found", new InputLocation(path));
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".xlsx" or ".xls") return FromTidy(TidyTable.Read(path));
        string text;
        try { text = File.ReadAllText(path, new UTF8Encoding(false)); }
        catch (IOException e) { throw new UserInputException($"cannot be read: {e.Message}", new InputLocation(path), e); }
        return Parse(text, path, ext == ".csv" ? ',' : '\0');
    }

    /// <summary>Parses count-table text. A delimiter of '\0' means: tab if the header has one, else comma.</summary>
    public static CountTable Parse(string text, string source, char delimiter = '\0')
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        int pos = 0, line = 0;
        string? header = null;
        while (pos < text.Length)
        {
            var l = NextLine(text, ref pos);
            line++;
            if (l.Trim().Length > 0) { header = l.ToString(); break; }
        }
        if (header is null) throw new UserInputException("the file is empty; expected a header line (sgRNA, Gene, sample names…) and one row per sgRNA", new InputLocation(source));
        if (delimiter == '\0') delimiter = header.Contains('\t') ? '\t' : header.Contains(',') ? ',' : '\t';
        var names = header.Split(delimiter).Select(h => h.Trim().Trim('"')).ToArray();
        bool isLong = Find(names, SampleColumns) >= 0 && Find(names, CountColumns) >= 0;
        if (isLong || text.Contains('"'))
            return FromTidy(TidyTable.Parse(new StringReader(text), source, delimiter));
        return ParseWide(text, source, delimiter, names, pos, line);
    }

    private static int Find(string[] names, string[] candidates)
    {
        foreach (var c in candidates)
            for (int i = 0; i < names.Length; i++)
                if (string.Equals(names[i], c, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> NextLine(string text, ref int pos)
    {
        int start = pos;
        int nl = text.IndexOf('\n', pos);
        int end = nl < 0 ? text.Length : nl;
        pos = nl < 0 ? text.Length : nl + 1;
        if (end > start && text[end - 1] == '\r') end--;
        return text.AsSpan(start, end - start);
    }

    private static CountTable ParseWide(string text, string source, char delimiter, string[] header, int pos, int line)
    {
        CheckWideHeader(header, source, delimiter);
        int nSamples = header.Length - 2;
        var ids = new List<string>(Math.Max(16, text.Length / 40));
        var genes = new List<string>(ids.Capacity);
        var lines = new List<int>(ids.Capacity);
        var cols = new List<double>[nSamples];
        for (int s = 0; s < nSamples; s++) cols[s] = new List<double>(ids.Capacity);
        var geneNames = new Dictionary<string, string>(StringComparer.Ordinal);
        while (pos < text.Length)
        {
            var l = NextLine(text, ref pos);
            line++;
            if (l.IsWhiteSpace()) continue;
            int field = 0;
            var rest = l;
            while (true)
            {
                int cut = rest.IndexOf(delimiter);
                var cell = (cut < 0 ? rest : rest[..cut]).Trim();
                if (field < 2)
                {
                    if (field == 0) ids.Add(cell.ToString());
                    else
                    {
                        var g = cell.ToString();
                        if (!geneNames.TryGetValue(g, out var shared)) { geneNames[g] = g; shared = g; }
                        genes.Add(shared);
                    }
                }
                else if (field - 2 < nSamples) cols[field - 2].Add(ParseCount(cell, source, line, field, header));
                else if (cell.Length > 0)
                    throw new UserInputException($"this row has more than {header.Length} cells; expected one per header column ({string.Join(", ", header)})", new InputLocation(source, line, field + 1));
                field++;
                if (cut < 0) break;
                rest = rest[(cut + 1)..];
            }
            if (field < header.Length)
                throw new UserInputException($"this row has {field} cells; expected {header.Length} (one per header column: {string.Join(", ", header)})", new InputLocation(source, line));
            lines.Add(line);
        }
        if (ids.Count == 0) throw new UserInputException("the file has a header but no sgRNA rows", new InputLocation(source, 1));
        return new CountTable(ids, genes, header[2..], cols.Select(c => c.ToArray()).ToArray(), source, lines.ToArray());
    }

    private static void CheckWideHeader(string[] header, string source, char delimiter)
    {
        if (header.Length < 3)
            throw new UserInputException(
                $"the header has {header.Length} column(s) ('{string.Join(delimiter, header)}'); expected a MAGeCK count table: sgRNA, Gene, then one column per sample"
                + (delimiter == '\t' ? " separated by tabs" : " separated by commas"), new InputLocation(source, 1));
        bool numeric = header.Skip(2).All(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        if (numeric)
            throw new UserInputException("the first line looks like data (its count cells are numbers); expected a header line with the sample names", new InputLocation(source, 1));
        for (int i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0) throw new UserInputException($"header column {i + 1} has no name; expected a name for every column", new InputLocation(source, 1, i + 1));
            for (int j = 2; j < i; j++)
                if (i >= 2 && header[j] == header[i])
                    throw new UserInputException($"sample name '{header[i]}' appears twice (columns {j + 1} and {i + 1}); expected unique sample names", new InputLocation(source, 1, i + 1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ParseCount(ReadOnlySpan<char> cell, string source, int line, int field, string[] header)
    {
        if (long.TryParse(cell, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        if (cell.Length > 0 && !TidyTable.IsMissing(cell.ToString()) && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return d; // whole-number check (and its message) is CountTable's
        var s = cell.ToString();
        var hint = s.Length == 0 || TidyTable.IsMissing(s) ? "the cell is empty or NA" : s.Contains(',') ? "use '.' as the decimal separator" : null;
        throw UserInputException.Invalid(new InputLocation(source, line, field + 1, header[field]), s, "a read count (a whole number ≥ 0)", hint);
    }

    /// <summary>Builds a table from a tidy table: wide (sgRNA, gene, samples…) or long (sgRNA, gene, sample, count).</summary>
    public static CountTable FromTidy(TidyTable t)
    {
        int sampleCol = t.Detect(SampleColumns), countCol = t.Detect(CountColumns);
        if (sampleCol < 0 || countCol < 0) return FromTidyWide(t);
        int sgCol = t.Resolve(null, "sgRNA id", SgrnaColumns, "(a column named sgRNA)");
        int geneCol = t.Resolve(null, "gene", GeneColumns, "(a column named gene)");
        var ids = new List<string>();
        var genes = new List<string>();
        var lines = new List<int>();
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var samples = new List<string>();
        var sampleOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var cells = new Dictionary<(int, int), (double Count, int Line)>();
        for (int r = 0; r < t.RowCount; r++)
        {
            var id = t.Cell(r, sgCol).Trim();
            var gene = t.Cell(r, geneCol).Trim();
            var sample = t.Cell(r, sampleCol).Trim();
            if (id.Length == 0) throw new UserInputException("empty sgRNA id", t.Where(r, sgCol));
            if (sample.Length == 0) throw new UserInputException("empty sample name", t.Where(r, sampleCol));
            if (!rowOf.TryGetValue(id, out var i))
            {
                i = ids.Count;
                rowOf[id] = i;
                ids.Add(id);
                genes.Add(gene);
                lines.Add(t.LineOf(r));
            }
            else if (genes[i] != gene)
                throw UserInputException.Invalid(t.Where(r, geneCol), gene, $"gene '{genes[i]}' for sgRNA '{id}' as on line {lines[i]}", "an sgRNA targets one gene");
            if (!sampleOf.TryGetValue(sample, out var s)) { s = samples.Count; sampleOf[sample] = s; samples.Add(sample); }
            var v = t.Number(r, countCol, "a read count (a whole number ≥ 0)");
            if (!cells.TryAdd((i, s), (v, t.LineOf(r))))
                throw new UserInputException($"sgRNA '{id}' has a second count for sample '{sample}' (the first is on line {cells[(i, s)].Line}); expected one row per sgRNA and sample", t.Where(r, countCol));
        }
        var counts = new double[samples.Count][];
        for (int s = 0; s < samples.Count; s++)
        {
            counts[s] = new double[ids.Count];
            for (int i = 0; i < ids.Count; i++)
            {
                if (!cells.TryGetValue((i, s), out var c))
                    throw new UserInputException($"sgRNA '{ids[i]}' has no count for sample '{samples[s]}'; expected one row per sgRNA and sample (write 0 for no reads)", new InputLocation(t.Source, lines[i]));
                counts[s][i] = c.Count;
            }
        }
        return new CountTable(ids, genes, samples, counts, t.Source, lines.ToArray());
    }

    private static CountTable FromTidyWide(TidyTable t)
    {
        if (t.Columns.Count < 3)
            throw new UserInputException($"the header has {t.Columns.Count} column(s); expected a MAGeCK count table (sgRNA, Gene, one column per sample) or a long table with sgRNA, gene, sample and count columns", new InputLocation(t.Source, 1));
        var ids = t.TextColumn(0).Select(x => x.Trim()).ToArray();
        var genes = t.TextColumn(1).Select(x => x.Trim()).ToArray();
        var counts = new double[t.Columns.Count - 2][];
        for (int c = 2; c < t.Columns.Count; c++) counts[c - 2] = t.NumberColumn(c, "a read count (a whole number ≥ 0)");
        var lines = Enumerable.Range(0, t.RowCount).Select(t.LineOf).ToArray();
        return new CountTable(ids, genes, t.Columns.Skip(2).ToArray(), counts, t.Source, lines);
    }
}
