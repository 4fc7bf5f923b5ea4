using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.Clonogenic;

/// <summary>Plating efficiency of one experiment: observed at 0 Gy, and S0 from the experiment's own LQ fit (CFAssay's <c>pes</c>).</summary>
public sealed record ExperimentPe(int Experiment, double Observed, double S0);

/// <summary>The pointwise mean surviving fraction at one dose level of a curve, with its standard error (CFAssay's <c>sfpmean</c>).</summary>
public sealed record SurvivalPoint(int Curve, double Dose, int Fractions, double Sf, double Sd, int Wells, int Experiments);

/// <summary>
/// Plating efficiencies and pointwise mean survival as CFAssay 1.21.1 computes them.
/// <list type="bullet">
/// <item><c>pes()</c>: the observed PE is Σ colonies/Σ cells over the experiment's 0-Gy wells; S0 is exp(intercept) of
/// the experiment's own quasi-Poisson fit <c>glm(ncolonies ~ dose + dose², offset = log(ncells))</c>.</item>
/// <item><c>sfpmean()</c>: at each dose, SF is the coefficient of the identity-link quasi-Poisson GLM
/// <c>ncolonies ~ ncells·S0 − 1</c>, i.e. Σ colonies/Σ(cells·S0), and its SE is √(φ·SF/Σ(cells·S0)) with φ the
/// Pearson dispersion, replaced by 1 (Poisson) when it is below 1.</item>
/// </list>
/// CFAssay's <c>pes()</c> returns the observed PEs misaligned when an experiment has several rows
/// (<c>pe[indu]</c> indexes a per-experiment vector with row numbers); ResLab reports each experiment's own value.
/// </summary>
public static class PlatingEfficiency
{
    /// <summary>Observed PE (NaN without 0-Gy wells) and S0 (NaN when the experiment has fewer than 3 dose levels) of every experiment of a curve.</summary>
    public static IReadOnlyList<ExperimentPe> Of(ClonogenicSet set, int curve)
    {
        var list = new List<ExperimentPe>();
        foreach (var e in set.ExperimentsOf(curve))
        {
            var wells = set.WellsOfExperiment(e).ToList();
            double col = 0, cells = 0;
            foreach (var w in wells.Where(w => w.Dose == 0)) { col += w.Colonies; cells += w.Cells; }
            list.Add(new ExperimentPe(e, cells > 0 ? col / cells : double.NaN, S0(wells)));
        }
        return list;
    }

    private static double S0(List<ColonyWell> wells)
    {
        if (wells.Select(w => (w.Dose, w.Fractions)).Distinct().Count() < 3 || wells.Count < 4) return double.NaN;
        int n = wells.Count;
        var x = new double[n * 3];
        var y = new double[n];
        var o = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i * 3] = 1;
            x[i * 3 + 1] = wells[i].Dose;
            x[i * 3 + 2] = wells[i].QuadraticDose;
            y[i] = wells[i].Colonies;
            o[i] = Math.Log(wells[i].Cells);
        }
        var fit = PoissonLogGlm.Fit(x, n, 3, y, o);
        return fit.Converged ? Math.Exp(fit.Coefficients[0]) : double.NaN;
    }

    /// <summary>
    /// Pointwise mean SF of a curve at each (dose, fractions) level, normalised by the per-experiment PE
    /// <paramref name="pe"/> (S0 from <see cref="Of"/> in CFAssay's usage, or the observed or fixed PE).
    /// </summary>
    public static IReadOnlyList<SurvivalPoint> PointwiseMean(ClonogenicSet set, int curve, IReadOnlyDictionary<int, double> pe)
    {
        var points = new List<SurvivalPoint>();
        foreach (var level in set.WellsOf(curve).GroupBy(w => (w.Dose, w.Fractions)).OrderBy(g => g.Key.Fractions).ThenBy(g => g.Key.Dose))
        {
            var wells = level.Where(w => pe.TryGetValue(w.Experiment, out var s) && s > 0).ToList();
            if (wells.Count == 0) continue;
            double sy = 0, sv = 0;
            foreach (var w in wells) { sy += w.Colonies; sv += w.Cells * pe[w.Experiment]; }
            double sf = sy / sv;
            double phi = 1;
            if (wells.Count > 1 && sf > 0)
            {
                double chi = 0;
                foreach (var w in wells)
                {
                    double mu = sf * w.Cells * pe[w.Experiment];
                    chi += (w.Colonies - mu) * (w.Colonies - mu) / mu;
                }
                phi = Math.Max(1, chi / (wells.Count - 1));
            }
            points.Add(new SurvivalPoint(curve, level.Key.Dose, level.Key.Fractions, sf, Math.Sqrt(phi * sf / sv), wells.Count, wells.Select(w => w.Experiment).Distinct().Count()));
        }
        return points;
    }
}
