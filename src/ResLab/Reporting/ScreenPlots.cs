using ScottPlot;

namespace ResLab.Reporting;

/// <summary>Figures of a pooled screen: gene rank plots with the top hits labelled, sgRNA fold changes of chosen genes, count distributions.</summary>
public static class ScreenPlots
{
    /// <summary>
    /// Genes in rank order (x = rank) against a score (y), every gene a grey dot, the labelled hits coloured and named.
    /// </summary>
    public static Plot Rank(string title, string yLabel, double[] yInRankOrder, IReadOnlyList<(int Rank, string Label)> labelled, Color colour)
    {
        var plt = PlotStyle.NewPlot(title, "gene rank", yLabel);
        var xs = new double[yInRankOrder.Length];
        for (int i = 0; i < xs.Length; i++) xs[i] = i + 1;
        var all = plt.Add.Markers(xs, yInRankOrder);
        all.Color = Colors.Gray.WithAlpha(0.55);
        all.MarkerSize = 3;
        if (labelled.Count > 0)
        {
            var hx = labelled.Select(l => (double)l.Rank).ToArray();
            var hy = labelled.Select(l => yInRankOrder[l.Rank - 1]).ToArray();
            var hits = plt.Add.Markers(hx, hy);
            hits.Color = colour;
            hits.MarkerSize = 7;
            for (int i = 0; i < labelled.Count; i++)
            {
                var t = plt.Add.Text(labelled[i].Label, hx[i], hy[i]);
                t.LabelFontSize = 11;
                t.LabelFontColor = colour;
                t.LabelAlignment = Alignment.LowerLeft;
                t.OffsetX = 5;
                t.OffsetY = -2 - 11 * (i % 2);
            }
        }
        return plt;
    }

    /// <summary>
    /// sgRNA (or guide) fold changes of chosen genes, one column per gene, against the 5–95 % range and median of all
    /// sgRNAs (grey lines).
    /// </summary>
    public static Plot SgrnaFoldChanges(string title, string yLabel, IReadOnlyList<(string Gene, double[] Values)> genes, double[] all)
    {
        var plt = PlotStyle.NewPlot(title, null, yLabel);
        var sorted = all.Where(double.IsFinite).OrderBy(x => x).ToArray();
        if (sorted.Length > 0)
        {
            // Solid lines only: Skia's SVG backend cannot write dash patterns (it prints a warning per segment).
            foreach (var (q, width, alpha) in new[] { (0.05, 1f, 0.45), (0.5, 1.5f, 0.8), (0.95, 1f, 0.45) })
            {
                var line = plt.Add.HorizontalLine(sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * (sorted.Length - 1) + 0.5))]);
                line.Color = Colors.Gray.WithAlpha(alpha);
                line.LineWidth = width;
            }
        }
        var positions = new double[genes.Count];
        for (int g = 0; g < genes.Count; g++)
        {
            positions[g] = g + 1;
            var v = genes[g].Values;
            var xs = new double[v.Length];
            for (int k = 0; k < v.Length; k++) xs[k] = g + 1 + (v.Length == 1 ? 0 : (k / (double)(v.Length - 1) - 0.5) * 0.35);
            var m = plt.Add.Markers(xs, v);
            m.Color = PlotStyle.Series(g);
            m.MarkerSize = 8;
        }
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, genes.Select(g => g.Gene).ToArray());
        plt.Axes.SetLimitsX(0.4, genes.Count + 0.6);
        return plt;
    }

    /// <summary>Distributions (histogram outlines, 60 bins) of log2(normalised count + 1) per sample.</summary>
    public static Plot CountDistributions(string title, IReadOnlyList<(string Sample, double[] Counts)> samples)
    {
        var plt = PlotStyle.NewPlot(title, "log2(normalised count + 1)", "fraction of sgRNAs");
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        var logs = samples.Select(s => s.Counts.Select(c => Math.Log2(c + 1)).ToArray()).ToArray();
        foreach (var l in logs) foreach (var v in l) { if (v < lo) lo = v; if (v > hi) hi = v; }
        if (!(hi > lo)) { lo = 0; hi = 1; }
        const int bins = 60;
        double w = (hi - lo) / bins;
        for (int s = 0; s < samples.Count; s++)
        {
            var counts = new double[bins];
            foreach (var v in logs[s]) counts[Math.Min(bins - 1, (int)((v - lo) / w))]++;
            var xs = new double[bins];
            for (int b = 0; b < bins; b++) { xs[b] = lo + (b + 0.5) * w; counts[b] /= Math.Max(1, logs[s].Length); }
            var line = plt.Add.Scatter(xs, counts);
            line.Color = PlotStyle.Series(s);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = samples[s].Sample;
        }
        plt.ShowLegend(Alignment.UpperRight);
        return plt;
    }
}
