using ResLab.Analysis.Clonogenic;
using ScottPlot;

namespace ResLab.Reporting;

/// <summary>Survival curves: pointwise mean surviving fractions with ±1 SE bars and the fitted LQ curves, on a log survival axis.</summary>
public static class ClonogenicPlots
{
    public static Plot Survival(ClonogenicResult r, IReadOnlyList<int> curves, string title)
    {
        var plt = PlotStyle.NewPlot(title, r.Set.Fractionated ? "total dose (Gy)" : "dose (Gy)", "surviving fraction (log scale)");
        double maxDose = r.Set.Wells.Where(w => curves.Contains(w.Curve)).Select(w => w.Dose).DefaultIfEmpty(1).Max();
        double lowest = 1;
        int series = 0;
        foreach (var c in curves)
        {
            var fit = r.Fits[c];
            foreach (var n in r.Set.WellsOf(c).Select(w => w.Fractions).Distinct().Order())
            {
                var colour = PlotStyle.Series(series++);
                int m = 120;
                var xs = new double[m];
                var ys = new double[m];
                for (int k = 0; k < m; k++)
                {
                    xs[k] = maxDose * k / (m - 1);
                    ys[k] = Math.Log10(fit.Survival(xs[k], n));
                }
                var line = plt.Add.Scatter(xs, ys);
                line.Color = colour;
                line.MarkerSize = 0;
                line.LineWidth = 2;
                line.LegendText = fit.Curve.Name + (r.Set.Fractionated ? $", {n} fraction{(n == 1 ? "" : "s")}" : "") +
                                  $" (α {ResLab.Storage.NumberFormat.Pretty(fit.Alpha, 3)}, β {ResLab.Storage.NumberFormat.Pretty(fit.Beta, 3)})";
                var pts = r.Points.Where(p => p.Curve == c && p.Fractions == n && p.Sf > 0).ToList();
                if (pts.Count == 0) continue;
                var px = pts.Select(p => p.Dose).ToArray();
                var py = pts.Select(p => Math.Log10(p.Sf)).ToArray();
                // ±1 SE drawn on the log axis: asymmetric bars, the lower one capped where SF − SE ≤ 0.
                var up = pts.Select(p => Math.Log10(p.Sf + p.Sd) - Math.Log10(p.Sf)).ToArray();
                var down = pts.Select(p => Math.Log10(p.Sf) - Math.Log10(Math.Max(p.Sf - p.Sd, p.Sf / 10))).ToArray();
                var bars = plt.Add.ErrorBar(px, py, up);
                bars.YErrorPositive = up;
                bars.YErrorNegative = down;
                bars.Color = colour;
                bars.LineWidth = 1.5f;
                var marks = plt.Add.Scatter(px, py);
                marks.Color = colour;
                marks.LineWidth = 0;
                marks.MarkerSize = 7;
                lowest = Math.Min(lowest, pts.Min(p => p.Sf));
            }
        }
        plt.Axes.SetLimitsY(Math.Floor(Math.Log10(Math.Max(lowest, 1e-6)) - 0.2), 0.15);
        plt.Axes.SetLimitsX(-0.2, maxDose * 1.05 + 0.2);
        PlotStyle.UseLog10Ticks(plt.Axes.Left);
        plt.ShowLegend(Alignment.LowerLeft);
        return plt;
    }
}
