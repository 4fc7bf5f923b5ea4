using ResLab.Simulation.Random;
using ResLab.Storage;

namespace ResLab.Screens.Simulation;

/// <summary>
/// A pooled sgRNA library: each sgRNA's id, target gene, on-target knock-out efficiency (the chance that a cell
/// carrying it loses the gene; otherwise it behaves as wild type) and relative plasmid abundance, and which sgRNAs
/// are non-targeting controls. Read from a TSV/CSV file (<see cref="Read"/>) or made up (<see cref="Synthetic"/>).
/// </summary>
public sealed class SgrnaLibrary
{
    public IReadOnlyList<string> Ids { get; }
    public IReadOnlyList<string> Genes { get; }
    public double[] Efficiency { get; }
    /// <summary>Relative plasmid abundance, normalised to sum 1.</summary>
    public double[] Abundance { get; }
    public bool[] IsControl { get; }
    public string? Source { get; }
    public int Count => Ids.Count;
    public int Controls => IsControl.Count(c => c);
    public IReadOnlyList<string> GeneNames { get; }

    public SgrnaLibrary(IReadOnlyList<string> ids, IReadOnlyList<string> genes, double[] efficiency, double[] abundance, bool[] isControl, string? source = null)
    {
        if (genes.Count != ids.Count || efficiency.Length != ids.Count || abundance.Length != ids.Count || isControl.Length != ids.Count)
            throw new ArgumentException("one gene, efficiency, abundance and control flag per sgRNA");
        Ids = ids;
        Genes = genes;
        Efficiency = efficiency;
        double sum = abundance.Sum();
        Abundance = abundance.Select(a => a / sum).ToArray();
        IsControl = isControl;
        Source = source;
        GeneNames = genes.Where((_, i) => !isControl[i]).Distinct(StringComparer.Ordinal).ToArray();
    }

    public static readonly string[] IdColumns = ["sgRNA", "sgrna_id", "guide", "guide_id", "id"];
    public static readonly string[] GeneColumns = ["gene", "gene_id", "symbol", "gene_symbol", "target"];
    public static readonly string[] EfficiencyColumns = ["efficiency", "on_target_efficiency", "on_target", "ko_efficiency", "knockout_efficiency"];
    public static readonly string[] AbundanceColumns = ["abundance", "plasmid", "plasmid_abundance", "plasmid_count", "plasmid_reads"];

    /// <summary>
    /// Reads a library table (TSV, CSV or xlsx): columns sgRNA and gene (found by name), and optionally efficiency
    /// (0–1) and abundance (plasmid counts or fractions). Rows whose gene is one of <paramref name="controlLabels"/> are
    /// non-targeting controls. Missing efficiencies take <paramref name="defaultEfficiency"/>; missing abundances are
    /// drawn log-normal with the given 90th/10th-percentile <paramref name="plasmidSkew"/>, seeded.
    /// </summary>
    public static SgrnaLibrary Read(string path, IReadOnlyCollection<string> controlLabels, double? defaultEfficiency, double plasmidSkew, ulong seed)
    {
        if (!File.Exists(path)) throw new UserInputException("library file not found; expected a TSV/CSV table with sgRNA, gene and efficiency columns", new InputLocation(path));
        var t = TidyTable.Read(path);
        if (t.RowCount == 0) throw new UserInputException("the library has no sgRNAs; expected one row per sgRNA", new InputLocation(path, 1));
        int ci = Column(t, "sgRNA id", IdColumns);
        int gi = Column(t, "gene", GeneColumns);
        int ei = t.Detect(EfficiencyColumns);
        int ai = t.Detect(AbundanceColumns);
        if (ei < 0 && defaultEfficiency is null)
            throw new UserInputException($"the library has no efficiency column ({string.Join(", ", EfficiencyColumns)}); add one (0–1 per sgRNA) or give 'default_efficiency' in the screen file", new InputLocation(path, 1));
        var ids = new string[t.RowCount];
        var genes = new string[t.RowCount];
        var eff = new double[t.RowCount];
        var ab = new double[t.RowCount];
        var ctrl = new bool[t.RowCount];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new HashSet<string>(controlLabels, StringComparer.OrdinalIgnoreCase);
        for (int r = 0; r < t.RowCount; r++)
        {
            ids[r] = t.Cell(r, ci).Trim();
            genes[r] = t.Cell(r, gi).Trim();
            if (ids[r].Length == 0) throw new UserInputException("empty sgRNA id", t.Where(r, ci));
            if (genes[r].Length == 0) throw new UserInputException($"sgRNA '{ids[r]}' has no gene; expected the targeted gene (or the control label {string.Join("/", controlLabels)})", t.Where(r, gi));
            if (ids[r].Any(char.IsWhiteSpace) || genes[r].Any(char.IsWhiteSpace))
                throw UserInputException.Invalid(t.Where(r, ids[r].Any(char.IsWhiteSpace) ? ci : gi), ids[r].Any(char.IsWhiteSpace) ? ids[r] : genes[r], "an id without spaces or tabs", "MAGeCK count tables are tab-separated");
            if (!seen.TryAdd(ids[r], r))
                throw new UserInputException($"duplicate sgRNA id '{ids[r]}' (first at line {t.LineOf(seen[ids[r]])}); expected each sgRNA once", t.Where(r, ci));
            ctrl[r] = labels.Contains(genes[r]);
            if (ei >= 0 && !TidyTable.IsMissing(t.Cell(r, ei).Trim()))
            {
                eff[r] = t.Number(r, ei, "an on-target efficiency between 0 and 1");
                if (!(eff[r] >= 0 && eff[r] <= 1))
                    throw UserInputException.Invalid(t.Where(r, ei), t.Cell(r, ei), "an on-target efficiency between 0 and 1", eff[r] > 1 && eff[r] <= 100 ? "give a fraction, not a percentage" : null);
            }
            else if (defaultEfficiency is { } d) eff[r] = d;
            else throw UserInputException.Invalid(t.Where(r, ei), t.Cell(r, ei), "an on-target efficiency between 0 and 1", "or give 'default_efficiency' in the screen file");
            if (ai >= 0)
            {
                ab[r] = t.Number(r, ai, "a plasmid abundance (a count or fraction, 0 or more)");
                if (!(ab[r] >= 0) || !double.IsFinite(ab[r])) throw UserInputException.Invalid(t.Where(r, ai), t.Cell(r, ai), "a plasmid abundance of 0 or more");
            }
        }
        if (ai < 0) ab = PlasmidAbundance(t.RowCount, plasmidSkew, seed);
        else if (ab.Sum() <= 0) throw new UserInputException("every plasmid abundance is 0; expected positive abundances", t.WhereColumn(ai));
        if (ctrl.All(c => c)) throw new UserInputException("every sgRNA is a control; expected targeting sgRNAs too", new InputLocation(path));
        return new SgrnaLibrary(ids, genes, eff, ab, ctrl, path);
    }

    private static int Column(TidyTable t, string role, string[] candidates)
    {
        int i = t.Detect(candidates);
        if (i >= 0) return i;
        var guess = t.Columns.FirstOrDefault(c => NameMatcher.Nearest(c, candidates) is not null);
        throw new UserInputException($"no {role} column: expected one named {string.Join(", ", candidates.Distinct(StringComparer.OrdinalIgnoreCase).Select(c => $"'{c}'"))}"
            + (guess is null ? "" : $" (is '{guess}' meant?)") + $"; the columns are: {string.Join(", ", t.Columns)}", new InputLocation(t.Source, 1));
    }

    /// <summary>
    /// A made-up library of <paramref name="genes"/> genes × <paramref name="perGene"/> sgRNAs plus <paramref name="controls"/>
    /// non-targeting ones: the named genes first (e.g. those of the effect table), then GENE00001 … as needed;
    /// efficiencies Beta-distributed with the given mean and SD, plasmid abundance log-normal with the given skew.
    /// </summary>
    public static SgrnaLibrary Synthetic(int genes, int perGene, int controls, IReadOnlyList<string> named, double meanEfficiency, double sdEfficiency,
        double plasmidSkew, ulong seed, string controlLabel = "NonTargeting")
    {
        var names = named.Take(genes).ToList();
        var used = new HashSet<string>(names, StringComparer.OrdinalIgnoreCase);
        for (int k = 1; names.Count < genes; k++)
        {
            var n = $"GENE{k:D5}";
            if (used.Add(n)) names.Add(n);
        }
        int total = genes * perGene + controls;
        var ids = new string[total];
        var gs = new string[total];
        var ctrl = new bool[total];
        int i = 0;
        foreach (var g in names)
            for (int s = 1; s <= perGene; s++) { ids[i] = $"{g}_sg{s}"; gs[i] = g; i++; }
        for (int c = 1; c <= controls; c++) { ids[i] = $"{controlLabel}_{c:D4}"; gs[i] = controlLabel; ctrl[i] = true; i++; }
        var eff = new double[total];
        // Beta(a, b) from mean and SD: a + b = m(1 − m)/sd² − 1
        double m = meanEfficiency, v = sdEfficiency * sdEfficiency;
        double k2 = Math.Max(1e-3, m * (1 - m) / Math.Max(v, 1e-12) - 1);
        for (int j = 0; j < total; j++)
        {
            var rng = new RandomStream(seed, 0, StreamPurpose.Screen, (ulong)j, 0xEFF);
            double x = Samplers.Gamma(ref rng, m * k2), y = Samplers.Gamma(ref rng, (1 - m) * k2);
            eff[j] = x + y > 0 ? x / (x + y) : m;
        }
        return new SgrnaLibrary(ids, gs, eff, PlasmidAbundance(total, plasmidSkew, seed), ctrl, "synthetic");
    }

    /// <summary>Log-normal plasmid abundances whose 90th/10th percentile ratio is <paramref name="skew"/> (seeded, one stream per sgRNA).</summary>
    public static double[] PlasmidAbundance(int n, double skew, ulong seed)
    {
        double sigma = Math.Log(Math.Max(1, skew)) / (2 * 1.2815515655446004);
        var a = new double[n];
        for (int i = 0; i < n; i++)
        {
            var rng = new RandomStream(seed, 0, StreamPurpose.Screen, (ulong)i, 0xAB);
            a[i] = Math.Exp(sigma * rng.NextNormal());
        }
        return a;
    }
}
