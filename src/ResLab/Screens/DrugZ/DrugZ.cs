using System.Runtime.CompilerServices;
using ResLab.Analysis.Statistics;

namespace ResLab.Screens.DrugZ;

/// <summary>Options of DrugZ (hart-lab/drugz 1.1.0.2) as ResLab exposes them.</summary>
public sealed record DrugZOptions
{
    /// <summary>Control (untreated) samples (<c>-c</c>); paired with <see cref="Treatment"/> in order unless unpaired.</summary>
    public required IReadOnlyList<string> Control { get; init; }

    /// <summary>Drug-treated samples (<c>-x</c>).</summary>
    public required IReadOnlyList<string> Treatment { get; init; }

    /// <summary>One fold change of the means of all controls and treatments (<c>-unpaired</c>).</summary>
    public bool Unpaired { get; init; }

    /// <summary>Half the width of the variance window (<c>--half_window_size</c>).</summary>
    public int HalfWindow { get; init; } = 500;

    /// <summary>Added to normalised counts before the log ratio (<c>-p</c>).</summary>
    public double Pseudocount { get; init; } = 5;

    /// <summary>Genes need at least this many non-zero guide z-scores (<c>--minobs</c>).</summary>
    public int MinObservations { get; init; } = 1;

    /// <summary>Genes whose guides are dropped before anything else (<c>-r</c>; e.g. EGFP, LacZ, luciferase).</summary>
    public IReadOnlyList<string> RemoveGenes { get; init; } = [];
}

/// <summary>One gene of DrugZ's output.</summary>
public sealed record DrugZGene(string Gene, double SumZ, int NumObs, double NormZ, double PSynth, int RankSynth, double FdrSynth,
    double PSupp, int RankSupp, double FdrSupp);

/// <summary>Guide-level values of one fold-change column (a replicate pair, or the unpaired means).</summary>
public sealed record DrugZGuides(string Column, double[] FoldChange, double[] EbStd, double[] Z);

public sealed record DrugZResult(IReadOnlyList<DrugZGene> Genes, IReadOnlyList<DrugZGuides> Guides, int[] GuideRows, int ExcludedGenes,
    IReadOnlyList<string> Warnings);

/// <summary>
/// DrugZ (Colic et al. 2019, Genome Med 11:52, doi:10.1186/s13073-019-0665-3) as drugz.py 1.1.0.2 computes it under
/// pandas 1.x: counts normalised to 10⁷ per sample, log2 fold changes with a pseudocount, guides sorted by control reads
/// (numpy's unstable quicksort, so ties fall as in pandas), a windowed standard deviation every 25 guides kept monotone
/// non-decreasing (the chained assignments that pandas 1.x honours and 2.x silently drops), guide z = fc/σ, gene
/// sumZ/√n renormalised to a population z-score, normal p-values and BH FDRs with a running minimum per direction.
/// </summary>
public static class DrugZAnalysis
{
    private const double NormValue = 1e7;

    /// <summary>Cells pandas 1.5's read_csv turns into NaN; groupby then drops those genes.</summary>
    private static readonly HashSet<string> PandasMissing = new(StringComparer.Ordinal)
    {
        "", "-1.#IND", "1.#QNAN", "1.#IND", "-1.#QNAN", "#N/A N/A", "#N/A", "N/A", "n/a", "NA", "<NA>", "#NA", "NULL", "null", "NaN", "-NaN", "nan", "-nan",
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DrugZResult Run(CountTable t, DrugZOptions o, CancellationToken cancel = default)
    {
        var warnings = new List<string>();
        int[] ci = t.ResolveSamples(o.Control, "-c/--control");
        int[] ti = t.ResolveSamples(o.Treatment, "-t/--treatment");
        if (!o.Unpaired && ci.Length != ti.Length)
            throw new UserInputException($"paired DrugZ needs as many control as treatment samples (got {ci.Length} and {ti.Length}); list them in matching order or use --unpaired", new InputLocation(Field: "-t/-c"));
        if (o.HalfWindow < 1) throw UserInputException.Invalid(new InputLocation(Field: "--half-window"), o.HalfWindow.ToString(System.Globalization.CultureInfo.InvariantCulture), "a positive number of guides");
        if (o.Pseudocount <= 0) throw UserInputException.Invalid(new InputLocation(Field: "--pseudocount"), o.Pseudocount.ToString(System.Globalization.CultureInfo.InvariantCulture), "a positive pseudocount");

        // Guides of removed genes are dropped first, as DrugZ does when it loads the table.
        var remove = new HashSet<string>(o.RemoveGenes, StringComparer.Ordinal);
        var rows = Enumerable.Range(0, t.SgrnaCount).Where(i => !remove.Contains(t.Genes[i])).ToArray();
        int n = rows.Length;
        if (n == 0) throw new UserInputException("no guides are left after removing the genes given with --remove-genes", new InputLocation(Field: "--remove-genes"));
        if (2 * n <= o.HalfWindow)
            throw new UserInputException($"{n} guides are too few for a variance window of half width {o.HalfWindow} (DrugZ fails here); use a smaller --half-window", new InputLocation(Field: "--half-window"));

        // Normalise each selected column to 10⁷ reads.
        var selected = ci.Concat(ti).Distinct().ToArray();
        var normed = new Dictionary<int, double[]>();
        foreach (var s in selected)
        {
            var col = t.Column(s);
            double sum = 0;
            foreach (var i in rows) sum += col[i];
            if (sum == 0) throw new UserInputException($"sample '{t.Samples[s]}' has no reads; DrugZ cannot normalise it", new InputLocation(Field: t.Samples[s]));
            var v = new double[n];
            for (int k = 0; k < n; k++) v[k] = NormValue * col[rows[k]] / sum;
            normed[s] = v;
        }

        var guides = new List<DrugZGuides>();
        double p = o.Pseudocount;
        if (o.Unpaired)
        {
            var ctrlMean = new double[n];
            var fc = new double[n];
            for (int k = 0; k < n; k++)
            {
                double raw = 0, nc = 0, nt = 0;
                foreach (var s in ci) raw += t.Count(rows[k], s);
                foreach (var s in ci) nc += normed[s][k];
                foreach (var s in ti) nt += normed[s][k];
                ctrlMean[k] = raw / ci.Length;
                fc[k] = Math.Log2((nt / ti.Length + p) / (nc / ci.Length + p));
            }
            guides.Add(Smooth("mean_fc", fc, ctrlMean, o.HalfWindow));
        }
        else
        {
            for (int r = 0; r < ci.Length; r++)
            {
                cancel.ThrowIfCancellationRequested();
                var c = normed[ci[r]];
                var d = normed[ti[r]];
                var fc = new double[n];
                var raw = new double[n];
                for (int k = 0; k < n; k++)
                {
                    fc[k] = Math.Log2((d[k] + p) / (c[k] + p));
                    raw[k] = t.Count(rows[k], ci[r]);
                }
                guides.Add(Smooth($"fc_{r}", fc, raw, o.HalfWindow));
            }
        }

        // Gene level: groups in sorted gene order (pandas groupby), sum of z, count of non-zero z (NaN counts).
        var byGene = new SortedDictionary<string, List<int>>(StringComparer.Ordinal);
        int naGuides = 0;
        for (int k = 0; k < n; k++)
        {
            var g = t.Genes[rows[k]];
            if (PandasMissing.Contains(g)) { naGuides++; continue; }
            if (!byGene.TryGetValue(g, out var l)) byGene[g] = l = [];
            l.Add(k);
        }
        if (naGuides > 0)
            warnings.Add($"{naGuides} guide(s) have a gene name that pandas reads as missing (NA, NaN, null, …); DrugZ leaves them out of the gene scores, and so does ResLab");
        var names = new List<string>();
        var sumZ = new List<double>();
        var numObs = new List<int>();
        int excluded = 0;
        foreach (var (g, ks) in byGene)
        {
            double s = 0;
            int obs = 0;
            foreach (var k in ks)
                foreach (var col in guides)
                {
                    double z = col.Z[k];
                    if (!double.IsNaN(z)) s += z;
                    if (z != 0) obs++;
                }
            if (obs < o.MinObservations) { excluded++; continue; }
            names.Add(g);
            sumZ.Add(s);
            numObs.Add(obs);
        }
        if (excluded > 0)
            warnings.Add($"{excluded} gene(s) have fewer than {o.MinObservations} non-zero guide z-score(s) (e.g. no reads in any selected sample) and are left out, as DrugZ does");
        int m = names.Count;
        if (m == 0) throw new UserInputException("no gene has a non-zero guide fold change; nothing to score", new InputLocation(t.Source));
        var normZ = new double[m];
        for (int g = 0; g < m; g++) normZ[g] = sumZ[g] / Math.Sqrt(numObs[g]);
        ZScore(normZ);

        // Synthetic (ascending normZ) then suppressor (descending) ranks and FDRs, then the final ascending order —
        // each sort applied to the frame as the previous one left it, as drugz.py chains them.
        var order1 = NumpyArgsort.SortValues(normZ, ascending: true);
        var pSynth = new double[m];
        var rankSynth = new int[m];
        var fdrSynth = new double[m];
        Directional(order1, normZ, synth: true, pSynth, rankSynth, fdrSynth);
        var order2 = Compose(order1, NumpyArgsort.SortValues(order1.Select(i => normZ[i]).ToArray(), ascending: false));
        var pSupp = new double[m];
        var rankSupp = new int[m];
        var fdrSupp = new double[m];
        Directional(order2, normZ, synth: false, pSupp, rankSupp, fdrSupp);
        var order3 = Compose(order2, NumpyArgsort.SortValues(order2.Select(i => normZ[i]).ToArray(), ascending: true));
        var result = order3.Select(g => new DrugZGene(names[g], sumZ[g], numObs[g], normZ[g], pSynth[g], rankSynth[g], fdrSynth[g], pSupp[g], rankSupp[g], fdrSupp[g])).ToArray();
        return new DrugZResult(result, guides, rows, excluded, warnings);
    }

    private static int[] Compose(int[] frame, int[] sortOfFrame) => sortOfFrame.Select(k => frame[k]).ToArray();

    /// <summary>p = Φ(±normZ), rank along the order, FDR = p·n/rank with the running minimum from the bottom.</summary>
    private static void Directional(int[] order, double[] normZ, bool synth, double[] p, int[] rank, double[] fdr)
    {
        int m = order.Length;
        var f = new double[m];
        for (int r = 0; r < m; r++)
        {
            int g = order[r];
            p[g] = Erfc.NormalCdf(synth ? normZ[g] : -normZ[g]);
            rank[g] = r + 1;
            f[r] = p[g] / ((r + 1) / (double)m);
        }
        for (int r = m - 2; r >= 0; r--)
            if (f[r + 1] < f[r]) f[r] = f[r + 1];
        for (int r = 0; r < m; r++) fdr[order[r]] = f[r];
    }

    /// <summary>scipy.stats.zscore with ddof = 0, in place.</summary>
    private static void ZScore(double[] x)
    {
        double mean = 0;
        foreach (var v in x) mean += v;
        mean /= x.Length;
        double ss = 0;
        foreach (var v in x) ss += (v - mean) * (v - mean);
        double sd = Math.Sqrt(ss / x.Length);
        for (int i = 0; i < x.Length; i++) x[i] = (x[i] - mean) / sd;
    }

    /// <summary>
    /// drugz.py's empirical_bayes on guides sorted by <paramref name="sortKey"/> descending: σ of the first 2·hws fold
    /// changes for the first hws guides; then every 25 guides from hws on, σ of the window [i − hws, i + hws), kept if
    /// not below the previous guide's σ (else the previous value) for guides i..i+24; finally the last hws guides take the
    /// value at n − hws − 1 (Python's indexing, negative indices included). Returns the values in input order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static DrugZGuides Smooth(string column, double[] fc, double[] sortKey, int hws)
    {
        int n = fc.Length;
        var order = NumpyArgsort.SortValues(sortKey, ascending: false);
        var sorted = new double[n];
        for (int k = 0; k < n; k++) sorted[k] = fc[order[k]];
        var eb = new double[n];
        double sd = WindowStd(sorted, 0, 2 * hws);
        SetSlice(eb, 0, hws, sd);
        for (int i = hws; i < n - hws + 25; i += 25)
        {
            sd = WindowStd(sorted, i - hws, i + hws);
            double prev = eb[PyIndex(i - 1, n)];
            SetSlice(eb, i, i + 25, sd >= prev ? sd : prev);
        }
        double last = eb[PyIndex(n - (hws + 1), n)];
        SetSlice(eb, n - hws, n, last);
        var ebIn = new double[n];
        var z = new double[n];
        for (int k = 0; k < n; k++)
        {
            ebIn[order[k]] = eb[k];
            z[order[k]] = sorted[k] / eb[k];
        }
        return new DrugZGuides(column, fc, ebIn, z);
    }

    /// <summary>pandas Series.std() (ddof = 1, two-pass) of the positional slice [start, end) clipped to the array as Python slices are.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double WindowStd(double[] x, int start, int end)
    {
        int n = x.Length;
        (start, end) = PySlice(start, end, n);
        int count = end - start;
        if (count < 2) return double.NaN;
        double sum = 0;
        for (int i = start; i < end; i++) sum += x[i];
        double avg = sum / count, ss = 0;
        for (int i = start; i < end; i++) ss += (avg - x[i]) * (avg - x[i]);
        return Math.Sqrt(ss / (count - 1));
    }

    private static void SetSlice(double[] a, int start, int end, double v)
    {
        (start, end) = PySlice(start, end, a.Length);
        for (int i = start; i < end; i++) a[i] = v;
    }

    private static (int, int) PySlice(int start, int end, int n)
    {
        if (start < 0) start = Math.Max(0, start + n);
        if (end < 0) end = Math.Max(0, end + n);
        start = Math.Min(start, n);
        end = Math.Min(end, n);
        return (start, Math.Max(start, end));
    }

    private static int PyIndex(int i, int n)
    {
        int k = i < 0 ? i + n : i;
        if (k < 0 || k >= n) throw new UserInputException($"too few guides ({n}) for the variance window (DrugZ fails here); use a smaller --half-window", new InputLocation(Field: "--half-window"));
        return k;
    }
}
