using ResLab.Biology;
using ResLab.Simulation;
using ScottPlot;

namespace ResLab.Reporting;

/// <summary>Plots of a simulation: population on a log axis with the schedule underneath, a Muller plot, trait means.</summary>
public static class SimulationPlots
{
    public static Plot Population(SimulationResult r)
    {
        var plt = PlotStyle.NewPlot(r.Protocol.Name, "time (days)", "cells");
        double maxLog = 1;
        foreach (var rep in r.Replicates.Take(8))
        {
            var xs = rep.Series.Select(p => p.TimeHours / 24).ToArray();
            var ys = rep.Series.Select(p => Math.Log10(Math.Max(1, p.Total))).ToArray();
            if (xs.Length == 0) continue;
            maxLog = Math.Max(maxLog, ys.Max());
            var s = plt.Add.Scatter(xs, ys);
            s.Color = PlotStyle.Series(rep.Replicate);
            s.MarkerSize = 0;
            s.LegendText = $"replicate {rep.Replicate + 1}";
        }
        PlotStyle.UseLog10Ticks(plt.Axes.Left);
        // schedule underneath: cisplatin as a band below the cell axis, fractions as ticks
        var first = r.Replicates[0];
        double maxC = first.Series.Select(p => p.Drugs.GetValueOrDefault("cisplatin")).DefaultIfEmpty(0).Max();
        if (maxC > 0)
        {
            var xs = first.Series.Select(p => p.TimeHours / 24).ToArray();
            var ys = first.Series.Select(p => -1.5 + 1.2 * p.Drugs.GetValueOrDefault("cisplatin") / maxC).ToArray();
            var c = plt.Add.Scatter(xs, ys);
            c.Color = Colors.Gray;
            c.MarkerSize = 0;
            c.LegendText = $"cisplatin (band: 0–{maxC:G3} µM)";
        }
        foreach (var e in first.Events.Where(e => e.Kind == "irradiate"))
        {
            var l = plt.Add.VerticalLine(e.TimeHours / 24);
            l.Color = Colors.Red.WithAlpha(0.25);
            l.LineWidth = 1;
        }
        plt.Axes.SetLimitsY(-1.6, maxLog + 0.5);
        plt.ShowLegend(Alignment.LowerRight);
        return plt;
    }

    public static Plot Muller(ReplicateResult rep, int top = 12)
    {
        var plt = PlotStyle.NewPlot("Clone frequencies (Muller plot)", "time (days)", "fraction of cells");
        var series = rep.Series.Where(p => p.Total > 0).ToList();
        if (series.Count < 2) return plt;
        // The clones that ever held the largest share, stacked in order of birth (oldest at the bottom) with their
        // recorded sizes at every time point; the remainder is the grey "other clones" band on top.
        var peak = new Dictionary<int, double>();
        foreach (var p in series)
            foreach (var cc in p.CloneCounts)
            {
                double f = (double)cc.Count / p.Total;
                if (!peak.TryGetValue(cc.CloneId, out var old) || f > old) peak[cc.CloneId] = f;
            }
        var born = rep.Lineage.ToDictionary(c => c.Id);
        var chosen = peak.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(top).Select(kv => kv.Key)
            .OrderBy(id => born.TryGetValue(id, out var c) ? c.BornHours : 0).ThenBy(id => id).ToList();
        var xs = series.Select(p => p.TimeHours / 24).ToArray();
        var lower = new double[xs.Length];
        int i = 0;
        foreach (var id in chosen)
        {
            var upper = new double[xs.Length];
            for (int k = 0; k < xs.Length; k++)
            {
                long n = 0;
                foreach (var cc in series[k].CloneCounts) if (cc.CloneId == id) { n = cc.Count; break; }
                upper[k] = lower[k] + (double)n / series[k].Total;
            }
            var fill = plt.Add.FillY(xs, upper, lower);
            fill.FillColor = PlotStyle.Series(i).WithAlpha(0.75);
            fill.LegendText = born.TryGetValue(id, out var rec) ? $"clone {id}: {rec.Phenotype.Genotype}" : $"clone {id}";
            Array.Copy(upper, lower, lower.Length);
            i++;
        }
        var rest = plt.Add.FillY(xs, Enumerable.Repeat(1.0, xs.Length).ToArray(), lower);
        rest.FillColor = Colors.Gray.WithAlpha(0.35);
        rest.LegendText = "other clones";
        plt.Axes.SetLimitsY(0, 1);
        plt.ShowLegend(Edge.Right);
        return plt;
    }

    public static Plot Traits(SimulationResult r)
    {
        var plt = PlotStyle.NewPlot("Trait means over time (replicate 1)", "time (days)", "mean log2 fold change");
        var rep = r.Replicates[0];
        var xs = rep.Series.Select(p => p.TimeHours / 24).ToArray();
        int i = 0;
        foreach (var key in new[] { "mean_log2_nrf2", "mean_log2_abcb1", "mean_log2_apoptosis_threshold", "mean_log2_ner", "mean_log2_dsb_repair", "mean_log2_emt" })
        {
            var ys = rep.Series.Select(p => p.Means.GetValueOrDefault(key, double.NaN)).Select(v => double.IsFinite(v) ? v : 0).ToArray();
            if (xs.Length == 0) break;
            var s = plt.Add.Scatter(xs, ys);
            s.MarkerSize = 0;
            s.Color = PlotStyle.Series(i++);
            s.LegendText = key.Replace("mean_log2_", "");
        }
        plt.ShowLegend(Alignment.UpperLeft);
        return plt;
    }
}
