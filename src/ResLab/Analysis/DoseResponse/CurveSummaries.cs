using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.DoseResponse;

/// <summary>Model-free summaries of a curve's observations and the tests that compare fits with them.</summary>
public static class CurveSummaries
{
    /// <summary>Trapezoid rule on the per-dose means over the positive doses on log10 dose, divided by the log10 range.</summary>
    public static double TrapezoidMean(DoseResponseData data)
    {
        var means = data.MeansByDose().Where(m => m.Dose > 0).ToArray();
        if (means.Length < 2) return double.NaN;
        double area = 0;
        for (int i = 1; i < means.Length; i++)
            area += 0.5 * (means[i].Mean + means[i - 1].Mean) * (Math.Log10(means[i].Dose) - Math.Log10(means[i - 1].Dose));
        return area / (Math.Log10(means[^1].Dose) - Math.Log10(means[0].Dose));
    }

    /// <summary>The smaller of the per-dose mean responses at the two highest doses (GRmetrics' GRmax/Emax rule).</summary>
    public static double EmaxObserved(DoseResponseData data)
    {
        var means = data.MeansByDose();
        if (means.Length == 0) return double.NaN;
        return means.Length == 1 ? means[0].Mean : Math.Min(means[^1].Mean, means[^2].Mean);
    }

    /// <summary>F = ((RSS_flat − RSS)/(p − 1)) / (RSS/(n − p)) against the constant-mean model.</summary>
    public static FTest FlatTest(DoseResponseData data, double rss, int p)
    {
        double mean = data.Response.Average();
        double rss0 = data.Response.Sum(v => (v - mean) * (v - mean));
        int n = data.Count;
        double d1 = p - 1, d2 = n - p;
        double f = ((rss0 - rss) / d1) / (rss / d2);
        if (rss == 0 && rss0 > 0) f = double.PositiveInfinity;
        return new FTest(f, d1, d2, TQuantiles.FUpperP(f, d1, d2));
    }

    /// <summary>Lack-of-fit F test against the one-mean-per-dose ANOVA model (drc modelFit); null without replicates.</summary>
    public static FTest? LackOfFit(DoseResponseData data, double rss, int dfModel)
    {
        var means = data.MeansByDose();
        double pure = 0;
        var lookup = means.ToDictionary(m => m.Dose, m => m.Mean);
        for (int i = 0; i < data.Count; i++) { double r = data.Response[i] - lookup[data.Dose[i]]; pure += r * r; }
        int dfPure = data.Count - means.Length;
        int dfLof = dfModel - dfPure;
        if (dfPure <= 0 || dfLof <= 0) return null;
        double f = ((rss - pure) / dfLof) / (pure / dfPure);
        return new FTest(f, dfLof, dfPure, TQuantiles.FUpperP(f, dfLof, dfPure));
    }
}

/// <summary>Numerical integration for smooth curves.</summary>
public static class Quadrature
{
    private static readonly double[] Nodes = [-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640];
    private static readonly double[] Weights = [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891];

    /// <summary>Composite 5-point Gauss–Legendre over <paramref name="panels"/> equal panels.</summary>
    public static double GaussLegendre(Func<double, double> f, double a, double b, int panels)
    {
        double h = (b - a) / panels, sum = 0;
        for (int k = 0; k < panels; k++)
        {
            double mid = a + (k + 0.5) * h, half = 0.5 * h;
            for (int i = 0; i < Nodes.Length; i++) sum += Weights[i] * f(mid + half * Nodes[i]);
        }
        return sum * 0.5 * h;
    }
}
