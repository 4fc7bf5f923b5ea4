using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.GrMetrics;

/// <summary>The GRmetrics summary of one experiment (one combination of the grouping keys).</summary>
public sealed record GrMetricsRow(string[] Keys, double GR50, double GRmax, double GR_AOC, double GEC50, double GRinf, double h_GR,
    double r2_GR, double pval_GR, string fit_GR, double flat_fit_GR, double IC50, double Emax, double AUC, double EC50, double Einf,
    double h, double r2_rel_cell, double pval_rel_cell, string fit_rel_cell, double flat_fit_rel_cell, string experiment,
    int concentration_points, double ctrl_cell_doublings);

/// <summary>
/// GR metrics exactly as GRmetrics 1.17.1 computes them (GRlogisticFit.R): per experiment, a bounded LL.3u fit
/// (upper = 1) of GR value and of relative cell count against concentration — h ∈ [0.1, 5], GRinf ∈ [−1, 1]
/// (Einf ∈ [0, 1]), GEC50 ∈ [min c/100, max c·100], start (2, 0.1, median c) — an F test against the flat line with
/// df1 = 2 and GRmetrics' df2 = n − 2, the flat/±Inf rules, and GRmax/GR_AOC/Emax/AUC from per-concentration means.
/// </summary>
public static class GrMetricsCalculator
{
    public static GrMetricsRow Compute(string[] keys, IReadOnlyList<GrWell> wells, bool force = false)
    {
        var conc = wells.Select(w => w.Concentration).ToArray();
        var gr = wells.Select(w => w.GrValue).ToArray();
        var rel = wells.Select(w => w.RelativeCellCount).ToArray();
        var grFit = FitOne(conc, gr, -1, force);
        var relFit = FitOne(conc, rel, 0, force);

        var byConc = wells.GroupBy(w => w.Concentration).OrderBy(g => g.Key)
            .Select(g => (LogC: Math.Log10(g.Key), Gr: g.Average(w => w.GrValue), Rel: g.Average(w => w.RelativeCellCount))).ToArray();
        double grMax = byConc.Length >= 2 ? Math.Min(byConc[^1].Gr, byConc[^2].Gr) : byConc[^1].Gr;
        double eMax = byConc.Length >= 2 ? Math.Min(byConc[^1].Rel, byConc[^2].Rel) : byConc[^1].Rel;
        double range = byConc[^1].LogC - byConc[0].LogC;
        double aoc = 0, auc = 0;
        for (int i = 1; i < byConc.Length; i++)
        {
            double dx = byConc[i].LogC - byConc[i - 1].LogC;
            aoc += dx * (1 - (byConc[i].Gr + byConc[i - 1].Gr) / 2);
            auc += dx * (byConc[i].Rel + byConc[i - 1].Rel) / 2;
        }
        aoc /= range;
        auc /= range;

        var (gr50, gec50, grInf, hGr) = Finish(grFit, grMax);
        var (ic50, ec50, eInf, hRel) = Finish(relFit, eMax);
        return new GrMetricsRow(keys, gr50, grMax, aoc, gec50, grInf, hGr, grFit.R2, grFit.P, grFit.Sigmoid ? "sigmoid" : "flat",
            grFit.Sigmoid ? double.NaN : grFit.Mean, ic50, eMax, auc, ec50, eInf, hRel, relFit.R2, relFit.P,
            relFit.Sigmoid ? "sigmoid" : "flat", relFit.Sigmoid ? double.NaN : relFit.Mean, string.Join(' ', keys),
            conc.Distinct().Count(), wells.Average(w => w.ControlDoublings));
    }

    private sealed record OneFit(bool Sigmoid, double H, double Inf, double Ec50, double R2, double P, double Mean);

    private static OneFit FitOne(double[] conc, double[] y, double infLower, bool force)
    {
        double mean = y.Average();
        double rss1 = y.Sum(v => (v - mean) * (v - mean));
        double min = conc.Min(), max = conc.Max();
        var sorted = conc.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
        var bounds = new Dictionary<string, (double, double)> { ["b"] = (0.1, 5), ["c"] = (infLower, 1), ["e"] = (min / 100, max * 100) };
        // GRmetrics' start first; on nearly flat data the bounded LL.3u surface has several local minima (GRmetrics'
        // L-BFGS-B lands in one of them by its path), so a few more starts are tried and the lowest RSS is kept.
        var data = new DoseResponseData(conc, y);
        DoseResponseFit? fit = null;
        foreach (var (b0, c0, e0) in new[] { (2.0, 0.1, median), (0.1, mean, median), (0.5, Math.Clamp(mean, infLower, 1), Math.Sqrt(min * max)), (2.0, Math.Clamp(2 * mean - 1, infLower, 1), max), (2.0, 0.1, min) })
        {
            var options = new FitOptions { EstimatesOnly = true, Bounds = bounds, Start = new Dictionary<string, double> { ["b"] = b0, ["c"] = c0, ["e"] = e0 } };
            var candidate = DoseResponseModel.LL3u.Fit(data, options);
            if (fit is null || (candidate.Converged && (!fit.Converged || candidate.Rss < fit.Rss * (1 - 1e-10)))) fit = candidate;
        }
        int n = y.Length;
        double rss2 = fit!.Rss;
        double f = ((rss1 - rss2) / 2) / (rss2 / (n - 2));
        double p = double.IsNaN(rss2) ? double.NaN : TQuantiles.FUpperP(f, 2, n - 2);
        double cutoff = force ? 1 : 0.05;
        bool sigmoid = fit.Converged && !double.IsNaN(p) && p < cutoff;
        return new OneFit(sigmoid, fit["b"], fit["c"], fit["e"], 1 - rss2 / rss1, p, mean);
    }

    /// <summary>(x50, EC50, Inf, h) with GRmetrics' rules: a flat fit reports EC50 0, h 0.01, Inf = GRmax/Emax and x50 = ±Inf by its mean.</summary>
    private static (double X50, double Ec50, double Inf, double H) Finish(OneFit fit, double max)
    {
        if (!fit.Sigmoid) return (fit.Mean > 0.5 ? double.PositiveInfinity : double.NegativeInfinity, 0, max, 0.01);
        double x50 = fit.Ec50 * Math.Pow((1 - fit.Inf) / (0.5 - fit.Inf) - 1, 1 / fit.H);
        if (double.IsNaN(x50)) x50 = fit.Mean > 0.5 ? double.PositiveInfinity : double.NegativeInfinity;
        return (x50, fit.Ec50, fit.Inf, fit.H);
    }
}
