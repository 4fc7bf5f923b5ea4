namespace ResLab.Analysis.Synergy;

/// <summary>SynergyFinder's <c>correct_baseline</c>: shift responses by the most negative fitted single-agent response.</summary>
public enum BaselineCorrection
{
    /// <summary>No correction ("non", the default).</summary>
    None,

    /// <summary>Correct only the negative responses ("part").</summary>
    Part,

    /// <summary>Correct every response ("all").</summary>
    All,
}

/// <summary>Settings of a synergy analysis (the options of <c>reslab synergy score</c>).</summary>
public sealed record SynergyOptions
{
    public LoeweMethod Loewe { get; init; } = LoeweMethod.Grid;
    public CurveFitMethod Fitter { get; init; } = CurveFitMethod.SynergyFinder;

    /// <summary>Bootstrap iterations for replicated blocks (SynergyFinder's <c>iteration</c>, default 10).</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>R seed of the bootstrap (SynergyFinder calls <c>set.seed(123)</c>).</summary>
    public int Seed { get; init; } = 123;

    public BaselineCorrection Baseline { get; init; } = BaselineCorrection.None;
}

/// <summary>A block summary of one model: the mean score over the combination wells and SynergyFinder's p-value.</summary>
public sealed record ModelSummary(double Score, double Sd, double P);

/// <summary>Per-well statistics of a score across bootstrap iterations (replicated blocks) or the single value (SD NaN).</summary>
public sealed record WellStatistic(double Mean, double Sd, double Sem, double Lower, double Upper);

/// <summary>Everything computed for one block.</summary>
public sealed class BlockResult
{
    public required CombinationBlock Block { get; init; }

    /// <summary>Scores of the mean response matrix (the block as SynergyFinder scores it when it has no replicates).</summary>
    public required MatrixScores Scores { get; init; }

    /// <summary>Per model, per well [i, j]: the reported score (bootstrap mean for replicated blocks).</summary>
    public required IReadOnlyDictionary<SynergyModel, WellStatistic[,]> Wells { get; init; }

    /// <summary>Per model: the reference response reported per well (bootstrap mean for replicated blocks).</summary>
    public required IReadOnlyDictionary<SynergyModel, double[,]> References { get; init; }

    public required IReadOnlyDictionary<SynergyModel, ModelSummary> Summary { get; init; }

    /// <summary>Median Chou–Talalay CI over the combination wells where it is defined.</summary>
    public required double CombinationIndexMedian { get; init; }

    public required int Iterations { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
}

/// <summary>
/// Scores every block as SynergyFinder 3.7.3's <c>CalculateSynergy</c> does. Blocks without replicates are scored
/// once; the summary of a model is the mean of its scores over the combination wells (both drugs &gt; 0) and
/// p = exp(−0.717z − 0.416z²) with z = |mean|/SD over those wells. Replicated blocks are bootstrapped as SynergyFinder
/// documents it: in each of <see cref="SynergyOptions.Iterations"/> iterations every well (in order of drug 1 then drug
/// 2 concentration) is replaced by the mean of rnorm(n, mean, SD) of its n replicates — singletons of a replicated
/// block count twice with SD 0, as SynergyFinder duplicates them — drawn from R's own generator after
/// set.seed(<see cref="SynergyOptions.Seed"/>); the matrix is scored; scores are then averaged per well (with SD, SEM
/// and the 2.5/97.5 % quantiles), the block summary is the mean of the iterations' summaries and z = |mean|/SD over
/// the iterations. The draws are R's to the bit; the order in which SynergyFinder consumes them could not be checked
/// against a replicated SynergyFinder run (docs/synergy.md).
/// </summary>
public static class SynergyAnalysis
{
    public static readonly SynergyModel[] Models = [SynergyModel.Zip, SynergyModel.Hsa, SynergyModel.Bliss, SynergyModel.Loewe];

    public static IReadOnlyList<BlockResult> Run(CombinationSet set, SynergyOptions o, IProgress<ProgressUpdate>? progress = null)
    {
        var results = new BlockResult[set.Blocks.Count];
        int done = 0;
        Parallel.For(0, results.Length, k =>
        {
            results[k] = Score(set.Blocks[k], o);
            progress.Tell("scoring blocks", Interlocked.Increment(ref done), results.Length);
        });
        return results;
    }

    public static BlockResult Score(CombinationBlock b, SynergyOptions o)
    {
        var mean = b.Mean();
        var scores = SynergyModels.Score(b.Conc1, b.Conc2, Correct(b, mean, o), o.Loewe, o.Fitter);
        var warnings = new List<string>();
        if (scores.Drug1 is null) warnings.Add($"block {b.Id}: the single-drug curve of {b.Drug1} could not be fitted; Loewe and ZIP are NA");
        if (scores.Drug2 is null) warnings.Add($"block {b.Id}: the single-drug curve of {b.Drug2} could not be fitted; Loewe and ZIP are NA");
        if (scores.ZipL4Fallbacks > 0)
            warnings.Add($"block {b.Id}: {scores.ZipL4Fallbacks} ZIP row/column curve(s) could not be fitted as LL.4 and used SynergyFinder's fallback, L.4 on log dose");
        if (scores.ZipFailures > 0)
            warnings.Add($"block {b.Id}: {scores.ZipFailures} ZIP row/column curve(s) could not be fitted at all; their ZIP scores are NA");
        int n1 = b.Rows, n2 = b.Columns;
        var wells = new Dictionary<SynergyModel, WellStatistic[,]>();
        var refs = new Dictionary<SynergyModel, double[,]>();
        var summary = new Dictionary<SynergyModel, ModelSummary>();
        if (!b.Replicated)
        {
            foreach (var m in Models)
            {
                var w = new WellStatistic[n1, n2];
                for (int i = 0; i < n1; i++)
                    for (int j = 0; j < n2; j++) w[i, j] = new WellStatistic(scores.Score(m, i, j), double.NaN, double.NaN, double.NaN, double.NaN);
                wells[m] = w;
                refs[m] = Reference(scores, m);
                summary[m] = Summarise(CombinationScores(scores, m));
            }
            return new BlockResult { Block = b, Scores = scores, Wells = wells, References = refs, Summary = summary, CombinationIndexMedian = MedianCi(scores), Iterations = 0, Warnings = warnings };
        }

        var rng = new RNormalStream(o.Seed);
        var iterations = new List<MatrixScores>();
        for (int it = 0; it < o.Iterations; it++)
        {
            var boot = new double[n1, n2];
            for (int i = 0; i < n1; i++)
                for (int j = 0; j < n2; j++)
                {
                    var v = b.Responses[i, j];
                    int n = Math.Max(2, v.Count);
                    double mu = v.Average(), sd = v.Count > 1 ? Sd(v) : 0, s = 0;
                    for (int k = 0; k < n; k++) s += rng.NextNormal(mu, sd);
                    boot[i, j] = s / n;
                }
            iterations.Add(SynergyModels.Score(b.Conc1, b.Conc2, Correct(b, boot, o), o.Loewe, o.Fitter));
        }
        foreach (var m in Models)
        {
            var w = new WellStatistic[n1, n2];
            var r = new double[n1, n2];
            for (int i = 0; i < n1; i++)
                for (int j = 0; j < n2; j++)
                {
                    var x = iterations.Select(s => s.Score(m, i, j)).ToArray();
                    double sd = Sd(x);
                    w[i, j] = new WellStatistic(x.Average(), sd, sd / Math.Sqrt(x.Length), Quantile(x, 0.025), Quantile(x, 0.975));
                    r[i, j] = iterations.Average(s => Reference(s, m)[i, j]);
                }
            wells[m] = w;
            refs[m] = r;
            var perIteration = iterations.Select(s => CombinationScores(s, m).Average()).ToArray();
            double mu = perIteration.Average(), sdIt = Sd(perIteration);
            summary[m] = new ModelSummary(mu, sdIt, PValue(mu, sdIt));
        }
        return new BlockResult { Block = b, Scores = scores, Wells = wells, References = refs, Summary = summary, CombinationIndexMedian = MedianCi(scores), Iterations = o.Iterations, Warnings = warnings };
    }

    /// <summary>
    /// SynergyFinder's baseline correction: with m the smallest fitted single-agent response (both drugs, at their
    /// tested concentrations), y − (100 − y)/100·m for every response ("all") or only the negative ones ("part").
    /// </summary>
    public static double[,] Correct(CombinationBlock b, double[,] y, SynergyOptions o)
    {
        if (o.Baseline == BaselineCorrection.None) return y;
        var d1 = SingleDrugFitter.Fit(b.Conc1, Enumerable.Range(0, b.Rows).Select(i => y[i, 0]).ToArray(), null, o.Fitter);
        var d2 = SingleDrugFitter.Fit(b.Conc2, Enumerable.Range(0, b.Columns).Select(j => y[0, j]).ToArray(), null, o.Fitter);
        if (d1 is null || d2 is null) return y;
        double m = Math.Min(b.Conc1.Min(d1.Predict), b.Conc2.Min(d2.Predict));
        var c = (double[,])y.Clone();
        for (int i = 0; i < b.Rows; i++)
            for (int j = 0; j < b.Columns; j++)
                if (o.Baseline == BaselineCorrection.All || y[i, j] < 0) c[i, j] = y[i, j] - (100 - y[i, j]) / 100 * m;
        return c;
    }

    private static double[,] Reference(MatrixScores s, SynergyModel m) => m switch
    {
        SynergyModel.Zip => s.ZipRef,
        SynergyModel.Hsa => s.HsaRef,
        SynergyModel.Bliss => s.BlissRef,
        _ => s.LoeweRef,
    };

    private static double[] CombinationScores(MatrixScores s, SynergyModel m)
    {
        var list = new List<double>();
        for (int i = 1; i < s.Rows; i++)
            for (int j = 1; j < s.Columns; j++) list.Add(s.Score(m, i, j));
        return list.ToArray();
    }

    /// <summary>Mean over the combination wells and SynergyFinder's p-value from z = |mean|/SD.</summary>
    public static ModelSummary Summarise(double[] scores)
    {
        double mu = scores.Average(), sd = Sd(scores);
        return new ModelSummary(mu, sd, PValue(mu, sd));
    }

    /// <summary>p = exp(−0.717z − 0.416z²), z = |mean|/SD (Altman &amp; Bland's approximation, BMJ 2011;343:d2304).</summary>
    public static double PValue(double mean, double sd)
    {
        double z = Math.Abs(mean) / sd;
        return Math.Exp(-0.717 * z - 0.416 * z * z);
    }

    private static double MedianCi(MatrixScores s)
    {
        var v = new List<double>();
        for (int i = 1; i < s.Rows; i++)
            for (int j = 1; j < s.Columns; j++)
                if (double.IsFinite(s.CombinationIndex[i, j])) v.Add(s.CombinationIndex[i, j]);
        if (v.Count == 0) return double.NaN;
        v.Sort();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    internal static double Sd(IReadOnlyList<double> v)
    {
        if (v.Count < 2) return double.NaN;
        double m = v.Average(), s = 0;
        foreach (var x in v) s += (x - m) * (x - m);
        return Math.Sqrt(s / (v.Count - 1));
    }

    /// <summary>R's quantile(type = 7).</summary>
    internal static double Quantile(double[] v, double p)
    {
        var s = v.OrderBy(x => x).ToArray();
        double h = (s.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        return lo + 1 < s.Length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo];
    }
}
