using ResLab.Storage;

namespace ResLab.Analysis.GrMetrics;

/// <summary>GR values and metrics of a dataset, and the two GRmetrics output tables.</summary>
public static class GrAnalysis
{
    public static readonly string[] MetricColumns =
    [
        "GR50", "GRmax", "GR_AOC", "GEC50", "GRinf", "h_GR", "r2_GR", "pval_GR", "fit_GR", "flat_fit_GR", "IC50", "Emax", "AUC",
        "EC50", "Einf", "h", "r2_rel_cell", "pval_rel_cell", "fit_rel_cell", "flat_fit_rel_cell", "experiment", "concentration_points",
        "ctrl_cell_doublings",
    ];

    /// <summary>Metrics per experiment, ordered by the key columns (numeric keys numerically), computed in parallel.</summary>
    public static IReadOnlyList<GrMetricsRow> Metrics(GrDataset data, bool force = false)
    {
        var groups = data.Wells.GroupBy(w => string.Join("\u001f", w.Keys)).Select(g => g.ToList()).ToList();
        groups.Sort((a, b) => CompareKeys(a[0].Keys, b[0].Keys));
        var rows = new GrMetricsRow[groups.Count];
        Parallel.For(0, groups.Count, i => rows[i] = GrMetricsCalculator.Compute(groups[i][0].Keys, groups[i], force));
        return rows;
    }

    private static int CompareKeys(string[] a, string[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            bool na = double.TryParse(a[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x);
            bool nb = double.TryParse(b[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var y);
            int c = na && nb ? x.CompareTo(y) : string.CompareOrdinal(a[i], b[i]);
            if (c != 0) return c;
        }
        return 0;
    }

    public static void WriteValues(GrDataset data, string path)
    {
        var header = data.KeyColumns.Concat(["replicate", "concentration", "cell_count", "cell_count__ctrl", "cell_count__time0", "GRvalue", "rel_cell_count", "ctrl_cell_doublings"]).ToArray();
        using var w = new DelimitedWriter(path, header);
        foreach (var well in data.Wells)
        {
            var cells = new List<string>(well.Keys)
            {
                well.Replicate, NumberFormat.Format(well.Concentration), NumberFormat.Format(well.CellCount), NumberFormat.Format(well.ControlCount),
                NumberFormat.Format(well.TimeZeroCount), NumberFormat.Format(well.GrValue), NumberFormat.Format(well.RelativeCellCount),
                NumberFormat.Format(well.ControlDoublings),
            };
            w.Row(cells);
        }
    }

    public static void WriteMetrics(GrDataset data, IReadOnlyList<GrMetricsRow> rows, string path)
    {
        using var w = new DelimitedWriter(path, data.KeyColumns.Concat(MetricColumns).ToArray());
        foreach (var r in rows)
        {
            var cells = new List<string>(r.Keys);
            cells.AddRange(new[] { r.GR50, r.GRmax, r.GR_AOC, r.GEC50, r.GRinf, r.h_GR, r.r2_GR, r.pval_GR }.Select(NumberFormat.Format));
            cells.Add(r.fit_GR);
            cells.Add(NumberFormat.Format(r.flat_fit_GR));
            cells.AddRange(new[] { r.IC50, r.Emax, r.AUC, r.EC50, r.Einf, r.h, r.r2_rel_cell, r.pval_rel_cell }.Select(NumberFormat.Format));
            cells.Add(r.fit_rel_cell);
            cells.Add(NumberFormat.Format(r.flat_fit_rel_cell));
            cells.Add(r.experiment);
            cells.Add(NumberFormat.Format(r.concentration_points));
            cells.Add(NumberFormat.Format(r.ctrl_cell_doublings));
            w.Row(cells);
        }
    }
}
