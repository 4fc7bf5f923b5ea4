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
        // frequencies are reconstructed from each clone's birth, extinction, peak and final size is not enough; use the
        // snapshots of the series: we track the largest final clones' share over time via the lineage's
        // recorded life span and the series totals (a clone's share grows from birth to its final share).
        var clones = rep.Lineage.Where(c => c.FinalCount > 0).OrderByDescending(c => c.FinalCount).Take(top).OrderBy(c => c.BornHours).ToList();
        var times = rep.Series.Select(p => p.TimeHours).ToArray();
        if (times.Length < 2 || clones.Count == 0) return plt;
        double total = clones.Sum(c => c.FinalCount) + Math.Max(0, rep.Final.Total - clones.Sum(c => c.FinalCount));
        double tEnd = times[^1];
        var lower = new double[times.Length];
        int i = 0;
        foreach (var c in clones)
        {
            double share = c.FinalCount / Math.Max(1, total);
            var upper = new double[times.Length];
            for (int k = 0; k < times.Length; k++)
            {
                double t = times[k];
                // logistic rise from founding to the final share (a schematic of selective sweeps from the lineage record)
                double f = t < c.BornHours ? 0 : share * Math.Min(1, Math.Pow((t - c.BornHours) / Math.Max(1, tEnd - c.BornHours), 2));
                if (c.BornHours <= times[0]) f = share;
                upper[k] = lower[k] + f;
            }
            var fill = plt.Add.FillY(times.Select(t => t / 24).ToArray(), upper, lower);
            fill.FillColor = PlotStyle.Series(i).WithAlpha(0.7);
            fill.LegendText = $"clone {c.Id}: {c.Phenotype.Genotype}";
            Array.Copy(upper, lower, lower.Length);
            i++;
        }
        plt.Axes.SetLimitsY(0, 1);
        plt.ShowLegend(Alignment.UpperLeft);
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
