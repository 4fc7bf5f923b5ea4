using System.Globalization;
using ResLab.Storage;
using ResLab.Sweeps;
using ScottPlot;

namespace ResLab.Reporting;

public sealed record SweepReportResult(string OutputDirectory, IReadOnlyList<string> Files);

/// <summary>
/// The HTML report of a sweep store: per metric, its response curve over the first parameter (mean and 95 % CI over
/// replicates, one line per level of the second parameter), its response surface over the first two parameters, and
/// its distribution over replicates; a summary table (also summary.csv).
/// </summary>
public static class SweepReportJob
{
    private sealed record Param(string Name, string Unit, bool Numeric);

    private sealed record PointData(int Point, string?[] Values, Dictionary<string, List<double>> Metrics);

    public static SweepReportResult Run(string storePath, string outDir, IReadOnlyList<string>? only = null)
    {
        using var store = SweepStore.OpenRead(storePath);
        var name = store.StoredName;
        var pars = store.Query("SELECT name, unit, type FROM parameters ORDER BY position").Rows.Select(r => new Param(r[0]!, r[1] ?? "", r[2] == "number")).ToList();
        var metricRows = store.Query("SELECT name, metric FROM metrics ORDER BY position").Rows;
        var metrics = metricRows.Select(r => (Name: r[0]!, Text: r[1]!)).ToList();
        if (only is { Count: > 0 })
        {
            foreach (var m in only)
                if (metrics.All(x => x.Name != m))
                    throw new UserInputException($"the store keeps no metric '{m}'{NameMatcher.Hint(m, metrics.Select(x => x.Name))}; it keeps {string.Join(", ", metrics.Select(x => x.Name))}", new InputLocation(Field: "--metrics"));
            metrics = metrics.Where(m => only.Contains(m.Name)).ToList();
        }
        var cols = string.Join(", ", pars.Select(p => SweepStore.Q(p.Name)).Concat(metrics.Select(m => SweepStore.Q(m.Name))));
        var data = store.Query($"SELECT point{(cols.Length > 0 ? ", " + cols : "")} FROM replicates ORDER BY point, replicate").Rows;
        var points = new SortedDictionary<int, PointData>();
        foreach (var r in data)
        {
            int pt = int.Parse(r[0]!, CultureInfo.InvariantCulture);
            if (!points.TryGetValue(pt, out var pd))
                points[pt] = pd = new PointData(pt, r.Skip(1).Take(pars.Count).ToArray(), metrics.ToDictionary(m => m.Name, _ => new List<double>()));
            for (int j = 0; j < metrics.Count; j++)
                pd.Metrics[metrics[j].Name].Add(r[1 + pars.Count + j] is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : double.NaN);
        }
        if (points.Count == 0) throw new UserInputException("the store has no replicates yet; run the sweep first", new InputLocation(storePath));
        bool Indicator(string metric) => points.Values.SelectMany(p => p.Metrics[metric]).Where(v => !double.IsNaN(v)).All(v => v is 0 or 1);

        using var dir = OutputDirectory.Begin(outDir);
        var files = new List<string>();
        var report = new HtmlReport($"Sweep {name}");
        long n = data.Count;
        report.Heading("Sweep").Paragraph($"{points.Count} points × replicates: {n} replicates in {Path.GetFileName(storePath)}. Parameters: " +
                                          (pars.Count == 0 ? "none (replicates only)" : string.Join(", ", pars.Select(p => p.Unit.Length > 0 ? $"{p.Name} ({p.Unit})" : p.Name))) + ".")
            .Note("Means with 95 % confidence intervals over replicates (Student t); for 0/1 metrics, proportions with Wilson score intervals. " +
                  "Metrics that are not defined for a replicate (e.g. a threshold never reached) are left out of its mean and counted as missing.");

        // summary table
        var header = new List<string> { "point" };
        header.AddRange(pars.Select(p => p.Name));
        foreach (var m in metrics) header.AddRange([$"{m.Name}_n", $"{m.Name}_missing", $"{m.Name}_mean", $"{m.Name}_lower", $"{m.Name}_upper", $"{m.Name}_median"]);
        var table = new List<IReadOnlyList<string>>();
        foreach (var p in points.Values)
        {
            var row = new List<string> { p.Point.ToString(CultureInfo.InvariantCulture) };
            row.AddRange(p.Values.Select(v => v ?? ""));
            foreach (var m in metrics)
            {
                var s = SweepSummary.Summarise(p.Metrics[m.Name], Indicator(m.Name));
                row.AddRange([s.N.ToString(CultureInfo.InvariantCulture), s.Missing.ToString(CultureInfo.InvariantCulture), NumberFormat.Format(s.Mean), NumberFormat.Format(s.Lower), NumberFormat.Format(s.Upper), NumberFormat.Format(s.Median)]);
            }
            table.Add(row);
        }
        using (var w = new DelimitedWriter(dir.File("summary.csv"), header))
            foreach (var r in table) w.Row(r);
        files.Add("summary.csv");

        var numeric = pars.Select((p, i) => (p, i)).Where(x => x.p.Numeric).ToList();
        foreach (var m in metrics)
        {
            report.Heading(m.Name).Paragraph($"Metric '{m.Text}'.");
            bool ind = Indicator(m.Name);
            if (numeric.Count >= 1)
            {
                var svg = PlotStyle.SaveBoth(Curve(points.Values, numeric, m.Name, ind), dir.File($"plots/{m.Name}-curve"));
                report.SvgFigure(svg, $"{m.Name} against {numeric[0].p.Name}: mean and 95 % CI over replicates" + (numeric.Count > 1 ? $", one line per {numeric[1].p.Name} (other parameters pooled)" : "") + ".");
                files.Add($"plots/{m.Name}-curve.png");
            }
            if (numeric.Count >= 2 && IsFullGrid(points.Values, numeric[0].i, numeric[1].i) && points.Values.SelectMany(p => p.Metrics[m.Name]).Any(double.IsFinite))
            {
                var svg = PlotStyle.SaveBoth(Surface(points.Values, numeric, m.Name), dir.File($"plots/{m.Name}-surface"));
                report.SvgFigure(svg, $"Response surface of {m.Name} (mean over replicates) over {numeric[0].p.Name} and {numeric[1].p.Name}.");
                files.Add($"plots/{m.Name}-surface.png");
            }
            var dsvg = PlotStyle.SaveBoth(Distribution(points.Values, pars, m.Name), dir.File($"plots/{m.Name}-distribution"));
            report.SvgFigure(dsvg, $"Distribution of {m.Name} over replicates" + (pars.Count > 0 && Levels(points.Values, 0).Count is > 1 and <= 6 ? $", by {pars[0].Name}." : "."));
            files.Add($"plots/{m.Name}-distribution.png");
        }
        if (store.Has("series"))
        {
            var svg = PlotStyle.SaveBoth(SeriesPlot(store, points.Values, pars), dir.File("plots/series-cells"));
            report.Heading("Time series").SvgFigure(svg, "Cells over time: geometric mean over replicates at each recorded time, one line per point (first 12 points).");
            files.Add("plots/series-cells.png");
        }
        report.Heading("Summary by point");
        report.Table(header.Where(h => !h.EndsWith("_median") && !h.EndsWith("_missing")).ToList(),
            table.Select(r => (IReadOnlyList<string>)r.Where((_, i) => !header[i].EndsWith("_median") && !header[i].EndsWith("_missing")).ToList()).Take(500),
            points.Count > 500 ? "First 500 points (all in summary.csv)" : null);
        report.Save(dir.File("report.html"));
        files.Insert(0, "report.html");
        dir.Commit();
        return new SweepReportResult(dir.FinalPath, files);
    }

    private static double Num(string? s) => s is not null && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    private static List<string?> Levels(IEnumerable<PointData> pts, int param) => pts.Select(p => p.Values[param]).Distinct().ToList();

    /// <summary>A surface needs every combination of two parameters (a grid), each with 2 to 60 levels.</summary>
    private static bool IsFullGrid(IEnumerable<PointData> pts, int a, int b)
    {
        int na = Levels(pts, a).Count, nb = Levels(pts, b).Count;
        return na is > 1 and <= 60 && nb is > 1 and <= 60 && pts.Select(p => (p.Values[a], p.Values[b])).Distinct().Count() == na * nb;
    }

    private static bool LogScale(IEnumerable<double> xs)
    {
        var v = xs.Where(double.IsFinite).ToArray();
        return v.Length > 1 && v.All(x => x > 0) && v.Max() / v.Min() >= 100;
    }

    private static Plot Curve(IEnumerable<PointData> pts, IReadOnlyList<(Param p, int i)> numeric, string metric, bool ind)
    {
        var (x, xi) = numeric[0];
        bool log = LogScale(pts.Select(p => Num(p.Values[xi])));
        var plt = PlotStyle.NewPlot(null, x.Unit.Length > 0 ? $"{x.Name} ({x.Unit})" : x.Name, ind ? $"{metric} (proportion)" : metric);
        var groups = numeric.Count > 1 && Levels(pts, numeric[1].i).Count <= 8
            ? pts.GroupBy(p => p.Values[numeric[1].i]).OrderBy(g => Num(g.Key)).Select(g => (Label: $"{numeric[1].p.Name} = {g.Key}", Points: g.ToList())).ToList()
            : [(Label: "", Points: pts.ToList())];
        int c = 0;
        foreach (var (label, gp) in groups)
        {
            var byX = gp.GroupBy(p => Num(p.Values[xi])).Where(g => double.IsFinite(g.Key)).OrderBy(g => g.Key)
                .Select(g => (X: g.Key, S: SweepSummary.Summarise(g.SelectMany(p => p.Metrics[metric]).ToList(), ind))).Where(t => t.S.N > 0).ToList();
            if (byX.Count == 0) { c++; continue; }
            var color = PlotStyle.Series(c++);
            var xs = byX.Select(t => log ? Math.Log10(t.X) : t.X).ToArray();
            var s = plt.Add.Scatter(xs, byX.Select(t => t.S.Mean).ToArray());
            s.Color = color;
            s.MarkerSize = 6;
            s.LineWidth = byX.Count > 40 ? 0 : 1.5f;
            if (label.Length > 0) s.LegendText = label;
            for (int k = 0; k < byX.Count; k++)
                if (double.IsFinite(byX[k].S.Lower) && double.IsFinite(byX[k].S.Upper))
                {
                    var l = plt.Add.Line(xs[k], byX[k].S.Lower, xs[k], byX[k].S.Upper);
                    l.Color = color.WithAlpha(0.7);
                    l.LineWidth = 1.5f;
                }
        }
        if (log) PlotStyle.UseLog10Ticks(plt.Axes.Bottom);
        if (groups.Count > 1) plt.ShowLegend(Alignment.UpperRight);
        return plt;
    }

    private static Plot Surface(IEnumerable<PointData> pts, IReadOnlyList<(Param p, int i)> numeric, string metric)
    {
        var (x, xi) = numeric[0];
        var (y, yi) = numeric[1];
        var xs = pts.Select(p => Num(p.Values[xi])).Distinct().OrderBy(v => v).ToList();
        var ys = pts.Select(p => Num(p.Values[yi])).Distinct().OrderBy(v => v).ToList();
        var grid = new double[ys.Count, xs.Count];
        for (int r = 0; r < ys.Count; r++)
        for (int c = 0; c < xs.Count; c++)
        {
            var vals = pts.Where(p => Num(p.Values[xi]) == xs[c] && Num(p.Values[yi]) == ys[r]).SelectMany(p => p.Metrics[metric]).ToList();
            // rows are drawn top to bottom: the largest y first
            grid[ys.Count - 1 - r, c] = vals.Count == 0 ? double.NaN : SweepSummary.Summarise(vals, false).Mean;
        }
        var plt = PlotStyle.NewPlot($"{metric} (mean)", x.Unit.Length > 0 ? $"{x.Name} ({x.Unit})" : x.Name, y.Unit.Length > 0 ? $"{y.Name} ({y.Unit})" : y.Name);
        for (int r = 0; r < ys.Count; r++)
        for (int c = 0; c < xs.Count; c++)
            if (!double.IsFinite(grid[r, c])) grid[r, c] = double.NaN; // cells with no defined value stay blank
        var hm = plt.Add.Heatmap(grid);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        plt.Add.ColorBar(hm);
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, xs.Count).Select(i => (double)i).ToArray(), xs.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)).ToArray());
        plt.Axes.Left.SetTicks(Enumerable.Range(0, ys.Count).Select(i => (double)i).ToArray(), ys.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)).ToArray());
        return plt;
    }

    private static Plot SeriesPlot(SweepStore store, IEnumerable<PointData> pts, IReadOnlyList<Param> pars)
    {
        var plt = PlotStyle.NewPlot(null, "time (days)", "cells");
        var rows = store.Query("SELECT point, time_h, avg(log10(greatest(cells, 1))) FROM series WHERE point < 12 GROUP BY point, time_h ORDER BY point, time_h").Rows;
        var labels = pts.ToDictionary(p => p.Point, p => pars.Count == 0 ? $"point {p.Point}" : string.Join(", ", pars.Select((q, i) => $"{q.Name} = {p.Values[i]}")));
        double maxLog = 1;
        foreach (var g in rows.GroupBy(r => int.Parse(r[0]!, CultureInfo.InvariantCulture)))
        {
            var xs = g.Select(r => Num(r[1]) / 24).ToArray();
            var ys = g.Select(r => Num(r[2])).ToArray();
            maxLog = Math.Max(maxLog, ys.Where(double.IsFinite).DefaultIfEmpty(1).Max());
            var sc = plt.Add.Scatter(xs, ys);
            sc.Color = PlotStyle.Series(g.Key);
            sc.MarkerSize = 0;
            sc.LegendText = labels.GetValueOrDefault(g.Key, $"point {g.Key}");
        }
        PlotStyle.UseLog10Ticks(plt.Axes.Left);
        plt.Axes.SetLimitsY(0, maxLog + 0.3);
        plt.ShowLegend(Alignment.LowerRight);
        return plt;
    }

    private static Plot Distribution(IEnumerable<PointData> pts, IReadOnlyList<Param> pars, string metric)
    {
        var plt = PlotStyle.NewPlot(null, metric, "replicates");
        var all = pts.SelectMany(p => p.Metrics[metric]).Where(double.IsFinite).ToArray();
        if (all.Length == 0) return plt;
        double lo = all.Min(), hi = all.Max();
        if (hi <= lo) hi = lo + 1;
        const int bins = 24;
        double w = (hi - lo) / bins;
        var groups = pars.Count > 0 && Levels(pts, 0).Count is > 1 and <= 6
            ? pts.GroupBy(p => p.Values[0]).Select(g => (Label: $"{pars[0].Name} = {g.Key}", Values: g.SelectMany(p => p.Metrics[metric]).Where(double.IsFinite).ToArray())).ToList()
            : [(Label: "", Values: all)];
        int c = 0;
        foreach (var (label, values) in groups)
        {
            var counts = new double[bins];
            foreach (var v in values) counts[Math.Min(bins - 1, (int)((v - lo) / w))]++;
            // a step outline per group, so overlapping distributions stay readable
            var xs = new List<double>();
            var ys = new List<double>();
            for (int b = 0; b < bins; b++) { xs.Add(lo + b * w); ys.Add(counts[b]); xs.Add(lo + (b + 1) * w); ys.Add(counts[b]); }
            var s = plt.Add.Scatter(xs.ToArray(), ys.ToArray());
            s.Color = PlotStyle.Series(c++);
            s.MarkerSize = 0;
            s.LineWidth = 2;
            if (label.Length > 0) s.LegendText = label;
        }
        if (groups.Count > 1) plt.ShowLegend(Alignment.UpperRight);
        return plt;
    }
}
