using ResLab.Analysis.DoseResponse;
using ScottPlot;

namespace ResLab.Reporting;

/// <summary>Dose–response figures: observed points, fitted curve and its pointwise 95 % CI band on a log-dose axis.</summary>
public static class DoseResponsePlots
{
    /// <summary>
    /// One figure with one or more fitted curves. Dose 0 (untreated) is drawn one decade below the lowest positive
    /// dose, since log(0) does not exist.
    /// </summary>
    public static Plot Curves(IReadOnlyList<(string Label, DoseResponseFit Fit)> curves, string title, string doseLabel, string responseLabel)
    {
        var plt = PlotStyle.NewPlot(title, doseLabel + " (log scale; 0 drawn a decade below the lowest dose)", responseLabel);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var (_, f) in curves)
        {
            var (a, b) = f.Data.PositiveRange();
            if (!double.IsNaN(a)) { lo = Math.Min(lo, a); hi = Math.Max(hi, b); }
        }
        if (double.IsInfinity(lo)) { lo = 1; hi = 10; }
        double zeroAt = Math.Log10(lo) - 1;
        for (int i = 0; i < curves.Count; i++)
        {
            var (label, fit) = curves[i];
            var colour = PlotStyle.Series(i);
            if (fit.Converged)
            {
                int m = 160;
                double a = Math.Log10(lo) - 0.5, b = Math.Log10(hi) + 0.3;
                var xs = new double[m];
                var ys = new double[m];
                var yl = new double[m];
                var yh = new double[m];
                for (int k = 0; k < m; k++)
                {
                    xs[k] = a + (b - a) * k / (m - 1);
                    var (yf, l, h) = fit.PredictInterval(Math.Pow(10, xs[k]));
                    ys[k] = yf; yl[k] = double.IsFinite(l) ? l : yf; yh[k] = double.IsFinite(h) ? h : yf;
                }
                var band = plt.Add.FillY(xs, yl, yh);
                band.FillColor = colour.WithAlpha(0.18);
                band.LineWidth = 0;
                var line = plt.Add.Scatter(xs, ys);
                line.Color = colour;
                line.MarkerSize = 0;
                line.LineWidth = 2;
                line.LegendText = label;
            }
            var px = fit.Data.Dose.Select(d => d > 0 ? Math.Log10(d) : zeroAt).ToArray();
            var pts = plt.Add.Scatter(px, fit.Data.Response);
            pts.Color = colour;
            pts.LineWidth = 0;
            pts.MarkerSize = 6;
            if (!fit.Converged) pts.LegendText = label + " (fit failed)";
        }
        PlotStyle.UseLog10Ticks(plt.Axes.Bottom);
        if (curves.Count > 1 || curves.Any(c => !c.Fit.Converged)) plt.ShowLegend(Alignment.UpperRight);
        return plt;
    }
}
