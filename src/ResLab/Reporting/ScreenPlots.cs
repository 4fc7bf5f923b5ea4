using ScottPlot;

namespace ResLab.Reporting;

/// <summary>Figures of a pooled screen: gene rank plots with the top hits labelled, sgRNA fold changes of chosen genes, count distributions.</summary>
public static class ScreenPlots
{
    /// <summary>
    /// Genes in rank order (x = rank) against a score (y) as a grey curve (scores are monotone in rank, so a line through
    /// at most ~2,000 evenly spaced ranks draws every gene's position; 20,000 markers would make the SVG slow and
    /// large), the labelled hits coloured and named.
    /// </summary>
    public static Plot Rank(string title, string yLabel, double[] yInRankOrder, IReadOnlyList<(int Rank, string Label)> labelled, Color colour, bool logRank = true, Alignment listAt = Alignment.UpperRight)
    {
        // Rank on a log axis (default), so that the top hits (ranks 1–10) stand apart and can be named.
        Func<double, double> X = logRank ? Math.Log10 : r => r;
        var plt = PlotStyle.NewPlot(title, logRank ? "gene rank (log scale)" : "gene rank", yLabel);
        int n = yInRankOrder.Length;
        var xs = new List<double>();
        var ys = new List<double>();
        for (double r = 1; r <= n; r = logRank ? Math.Max(r + 1, Math.Floor(r * 1.003)) : r + Math.Max(1, n / 2000))
        {
            xs.Add(X(r));
            ys.Add(yInRankOrder[(int)r - 1]);
        }
        if (n > 0 && xs[^1] != X(n)) { xs.Add(X(n)); ys.Add(yInRankOrder[n - 1]); }
        var all = plt.Add.ScatterLine(xs.ToArray(), ys.ToArray());
        all.Color = Colors.Gray;
        all.LineWidth = 2;
        if (labelled.Count > 0)
        {
            var hx = labelled.Select(l => X(l.Rank)).ToArray();
            var hy = labelled.Select(l => yInRankOrder[l.Rank - 1]).ToArray();
            var hits = plt.Add.Markers(hx, hy);
            hits.Color = colour;
            hits.MarkerSize = 7;
            // The names go in a list box (ranked), not next to points that crowd together.
            Annotate(plt, labelled, colour, listAt);
        }
        if (logRank) PlotStyle.UseLog10Ticks(plt.Axes.Bottom);
        return plt;
    }

    /// <summary>A ranked list of named hits in a corner of the plot.</summary>
    public static void Annotate(Plot plt, IReadOnlyList<(int Rank, string Label)> labelled, Color colour, Alignment where)
    {
        var a = plt.Add.Annotation(string.Join("\n", labelled.Select(l => $"{l.Rank}. {l.Label}")), where);
        a.LabelFontSize = 11;
        a.LabelFontColor = colour;
        a.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        a.LabelBorderColor = colour.WithAlpha(0.5);
    }

    /// <summary>
    /// sgRNA (or guide) fold changes of chosen genes, one column per gene, against the 5–95 % range and median of all
    /// sgRNAs (grey lines).
    /// </summary>
    public static Plot SgrnaFoldChanges(string title, string yLabel, IReadOnlyList<(string Gene, double[] Values)> genes, double[] all) =>
        SgrnaFoldChanges(title, yLabel, genes, ReferenceLevels(all));

    /// <summary>
    /// The grey reference lines of <see cref="SgrnaFoldChanges(string, string, IReadOnlyList{ValueTuple{string, double[]}}, double[])"/>:
    /// the 5 %, 50 % and 95 % points of the finite values (none when there are none). A job computes them while its
    /// gene statistics are still running, since sorting every sgRNA's value is most of the figure's cost.
    /// </summary>
    public static IReadOnlyList<double> ReferenceLevels(double[] all)
    {
        var sorted = all.Where(double.IsFinite).ToArray();
        if (sorted.Length == 0) return [];
        Array.Sort(sorted);
        return [.. new[] { 0.05, 0.5, 0.95 }.Select(q => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * (sorted.Length - 1) + 0.5))])];
    }

    /// <summary>As above, with the reference lines from <see cref="ReferenceLevels"/> (an empty array: no lines).</summary>
    public static Plot SgrnaFoldChanges(string title, string yLabel, IReadOnlyList<(string Gene, double[] Values)> genes, IReadOnlyList<double> referenceLevels)
    {
        var plt = PlotStyle.NewPlot(title, null, yLabel);
        if (referenceLevels.Count > 0)
        {
            // Solid lines only: Skia's SVG backend cannot write dash patterns (it prints a warning per segment).
            foreach (var (k, width, alpha) in new[] { (0, 1f, 0.45), (1, 1.5f, 0.8), (2, 1f, 0.45) })
            {
                var line = plt.Add.HorizontalLine(referenceLevels[k]);
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
