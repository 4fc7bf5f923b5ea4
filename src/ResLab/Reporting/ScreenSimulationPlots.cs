using ResLab.Screens.Simulation;
using ScottPlot;

namespace ResLab.Reporting;

/// <summary>Figures of a simulated screen and of a screen plan.</summary>
public static class ScreenSimulationPlots
{
    /// <summary>Cells per sgRNA of every culture over time (days from transduction, log axis): the expansion to T0, then each arm with its passages.</summary>
    public static Plot Representation(ScreenSimulationResult r)
    {
        var plt = PlotStyle.NewPlot("Library representation", "days after transduction", "cells per sgRNA");
        int n = r.Design.Library.Count;
        double t0 = r.Design.Transduction.T0Hours;
        for (int k = 0; k < r.Cultures.Count; k++)
        {
            var c = r.Cultures[k];
            double offset = k == 0 ? 0 : t0;
            var xs = c.Series.Select(p => (p.Hours + offset) / 24).ToArray();
            var ys = c.Series.Select(p => Math.Log10(Math.Max(1e-3, p.Cells / n))).ToArray();
            var s = plt.Add.Scatter(xs, ys);
            s.Color = k == 0 ? Colors.Gray : PlotStyle.Series(k - 1);
            s.MarkerSize = 0;
            s.LineWidth = 2;
            s.LegendText = c.Name;
        }
        var b = plt.Add.HorizontalLine(Math.Log10(r.Design.Culture.Bottleneck));
        b.Color = Colors.Black.WithAlpha(0.4);
        b.LineWidth = 1;
        b.LegendText = "bottleneck";
        PlotStyle.UseLog10Ticks(plt.Axes.Left);
        plt.ShowLegend(Alignment.LowerRight);
        return plt;
    }

    /// <summary>log2 fitness relative to wild type of each knock-out class (full knock-out, before efficiency) in every arm.</summary>
    public static Plot ClassFitness(ScreenSimulationResult r)
    {
        var singles = r.Classes.Where(c => c.Index > 0 && !c.Label.Contains(" + ")).OrderBy(c => c.Label, StringComparer.Ordinal).ToArray();
        var plt = PlotStyle.NewPlot("Knock-out fitness (truth)", "log2 fitness relative to wild type (T0 → harvest)", null);
        var arms = r.Design.Selection.Arms.Select(a => a.Name).ToArray();
        for (int a = 0; a < arms.Length; a++)
        {
            var xs = singles.Select(c => Math.Max(-12, c.Log2FitnessByArm[arms[a]])).ToArray();
            var ys = singles.Select((_, i) => i + 1 + (a - (arms.Length - 1) / 2.0) * 0.18).ToArray();
            var m = plt.Add.Markers(xs, ys);
            m.Color = PlotStyle.Series(a);
            m.MarkerSize = 8;
            m.LegendText = arms[a];
        }
        var v = plt.Add.VerticalLine(0);
        v.Color = Colors.Gray;
        plt.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(singles.Select((_, i) => (double)(i + 1)).ToArray(),
            singles.Select(c => c.Label.Length > 42 ? c.Label[..42] + "…" : c.Label).ToArray());
        plt.Axes.SetLimitsY(0.3, singles.Length + 0.7);
        plt.ShowLegend(Alignment.LowerLeft);
        return plt;
    }

    /// <summary>Observed gene log2 fold changes (MAGeCK, arm vs reference) against the truth's expected ones, by class.</summary>
    public static Plot ExpectedVsObserved(ScreenSimulationResult r, ScreenComparison c)
    {
        var plt = PlotStyle.NewPlot($"{c.Arm} vs {c.Reference}: expected and observed", "expected gene log2 fold change (truth)", "observed gene log2 fold change (MAGeCK)");
        var lfc = c.Mageck.Genes.ToDictionary(g => g.Id, g => g.Neg.Lfc, StringComparer.Ordinal);
        var groups = r.Truth.Where(t => lfc.ContainsKey(t.Gene)).GroupBy(t => t.Class switch { GeneEffects.NeutralClass => "neutral", GeneEffects.EssentialClass => "core essential", GeneEffects.ControlClass => "control", _ => t.Class })
            .OrderBy(g => g.Key == "neutral" ? 0 : g.Key == "core essential" ? 1 : 2).ThenBy(g => g.Key, StringComparer.Ordinal).ToArray();
        int k = 0;
        foreach (var g in groups)
        {
            var m = plt.Add.Markers(g.Select(t => t.ExpectedLfcVsReference[c.Arm]).ToArray(), g.Select(t => lfc[t.Gene]).ToArray());
            m.Color = g.Key == "neutral" ? Colors.Gray.WithAlpha(0.5) : PlotStyle.Series(k++);
            m.MarkerSize = g.Key == "neutral" ? 5 : 8;
            m.LegendText = g.Key;
        }
        var all = r.Truth.Select(t => t.ExpectedLfcVsReference.GetValueOrDefault(c.Arm)).Concat(lfc.Values).Where(double.IsFinite).ToArray();
        if (all.Length > 0)
        {
            double lo = all.Min(), hi = all.Max();
            var diag = plt.Add.Line(lo, lo, hi, hi);
            diag.Color = Colors.Black.WithAlpha(0.3);
        }
        plt.ShowLegend(Alignment.UpperLeft);
        return plt;
    }

    /// <summary>A planning metric (recall, precision or AUC) against coverage, one line per method and replicate number.</summary>
    public static Plot PlanMetric(string title, string yLabel, IReadOnlyList<(string Series, double[] Coverage, double[] Value)> lines)
    {
        var plt = PlotStyle.NewPlot(title, "coverage (cells per sgRNA)", yLabel);
        int k = 0;
        foreach (var (name, x, y) in lines)
        {
            var s = plt.Add.Scatter(x.Select(Math.Log10).ToArray(), y.Select(v => double.IsNaN(v) ? 0 : v).ToArray());
            s.Color = PlotStyle.Series(k++);
            s.LineWidth = 2;
            s.MarkerSize = 7;
            s.LegendText = name;
        }
        PlotStyle.UseLog10Ticks(plt.Axes.Bottom);
        plt.Axes.SetLimitsY(-0.03, 1.03);
        plt.ShowLegend(Alignment.LowerRight);
        return plt;
    }
}
