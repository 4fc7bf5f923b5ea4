using ResLab.Storage;

namespace ResLab.Analysis.GrMetrics;

/// <summary>Treated wells with their controls, grouped into experiments by key columns.</summary>
public sealed record GrDataset(string Source, IReadOnlyList<string> KeyColumns, IReadOnlyList<GrWell> Wells, string Case);

/// <summary>
/// Reads GRmetrics inputs. Case A: one row per treated well with <c>cell_count__ctrl</c> and <c>cell_count__time0</c>.
/// Case C: a long table where control wells have concentration 0 and time-zero wells have time 0; their counts
/// are averaged with GRmetrics' 50 % trimmed mean and matched to the treated wells on every column other than the
/// treatment (agent) column, the concentration, the replicate and the count (and the time, for time-zero wells).
/// </summary>
public static class GrInput
{
    private static readonly string[] ConcentrationNames = ["concentration", "conc", "dose"];
    private static readonly string[] CountNames = ["cell_count", "count", "cell_counts"];
    private static readonly string[] TreatmentNames = ["treatment", "agent", "drug", "compound"];

    public static GrDataset Read(string path, IReadOnlyList<string>? groupBy = null) => FromTable(TidyTable.Read(path), groupBy);

    public static GrDataset FromTable(TidyTable t, IReadOnlyList<string>? groupBy = null)
    {
        int ci = t.Resolve(null, "concentration", ConcentrationNames, "--concentration");
        int ni = t.Resolve(null, "cell count", CountNames, "--count");
        int ctrl = t.IndexOf("cell_count__ctrl"), t0 = t.IndexOf("cell_count__time0");
        int rep = t.IndexOf("replicate");
        int timeCol = t.IndexOf("time");
        int treat = t.Detect(TreatmentNames);
        var excluded = new HashSet<int> { ci, ni, ctrl, t0, rep };
        int[] keyCols = groupBy is { Count: > 0 }
            ? groupBy.Select(g => t.Require(g, "--group-by")).ToArray()
            : Enumerable.Range(0, t.Columns.Count).Where(i => !excluded.Contains(i)).ToArray();
        if (keyCols.Length == 0)
            throw new UserInputException("no grouping columns: expected columns such as cell_line, treatment, time besides concentration and counts",
                new InputLocation(t.Source, 1));
        var keyNames = keyCols.Select(i => t.Columns[i]).ToArray();

        if ((ctrl >= 0) != (t0 >= 0))
            throw new UserInputException($"found '{(ctrl >= 0 ? "cell_count__ctrl" : "cell_count__time0")}' but not '{(ctrl >= 0 ? "cell_count__time0" : "cell_count__ctrl")}'; Case A inputs need both",
                new InputLocation(t.Source, 1));
        var wells = new List<GrWell>();
        if (ctrl >= 0)
        {
            for (int r = 0; r < t.RowCount; r++)
            {
                double c = Positive(t, r, ci, "a concentration > 0 (Case A rows are treated wells)");
                wells.Add(new GrWell(keyCols.Select(k => t.Cell(r, k)).ToArray(), rep >= 0 ? t.Cell(r, rep) : "", c,
                    Count(t, r, ni), Count(t, r, ctrl), Count(t, r, t0)));
            }
            return new GrDataset(t.Source, keyNames, wells, "A");
        }
        if (timeCol < 0)
            throw new UserInputException("neither cell_count__ctrl/cell_count__time0 (Case A) nor a 'time' column (Case C) is present; expected one of the two GRmetrics layouts",
                new InputLocation(t.Source, 1));

        // Case C: match on every identifying column except the agent, concentration, replicate and count.
        var matchCols = Enumerable.Range(0, t.Columns.Count).Where(i => i != ci && i != ni && i != rep && i != treat).ToArray();
        var matchNoTime = matchCols.Where(i => i != timeCol).ToArray();
        string Key(int r, int[] cols) => string.Join("\u001f", cols.Select(k => t.Cell(r, k)));
        var controls = new Dictionary<string, List<double>>();
        var timeZero = new Dictionary<string, List<double>>();
        var treated = new List<int>();
        for (int r = 0; r < t.RowCount; r++)
        {
            double time = t.Number(r, timeCol, "a time (0 marks time-zero wells)");
            double c = t.Number(r, ci, "a concentration ≥ 0");
            if (c < 0) throw UserInputException.Invalid(t.Where(r, ci), t.Cell(r, ci), "a concentration ≥ 0");
            if (time == 0) Add(timeZero, Key(r, matchNoTime), Count(t, r, ni));
            else if (c == 0) Add(controls, Key(r, matchCols), Count(t, r, ni));
            else treated.Add(r);
        }
        if (treated.Count == 0) throw new UserInputException("no treated wells (concentration > 0 and time > 0)", new InputLocation(t.Source));
        foreach (var r in treated)
        {
            if (!controls.TryGetValue(Key(r, matchCols), out var cs))
                throw new UserInputException($"no control well (concentration 0, same {string.Join(", ", matchCols.Select(i => t.Columns[i]))}) for this treated well",
                    new InputLocation(t.Source, t.LineOf(r)));
            if (!timeZero.TryGetValue(Key(r, matchNoTime), out var zs))
                throw new UserInputException($"no time-zero well (time 0, same {string.Join(", ", matchNoTime.Select(i => t.Columns[i]))}) for this treated well",
                    new InputLocation(t.Source, t.LineOf(r)));
            wells.Add(new GrWell(keyCols.Select(k => t.Cell(r, k)).ToArray(), rep >= 0 ? t.Cell(r, rep) : "", t.Number(r, ci),
                Count(t, r, ni), TrimmedMean.Of(cs), TrimmedMean.Of(zs)));
        }
        return new GrDataset(t.Source, keyNames, wells, "C");
    }

    private static void Add(Dictionary<string, List<double>> d, string key, double v)
    {
        if (!d.TryGetValue(key, out var l)) d[key] = l = new List<double>();
        l.Add(v);
    }

    private static double Positive(TidyTable t, int r, int c, string expected)
    {
        double v = t.Number(r, c, expected);
        if (!(v > 0) || double.IsInfinity(v)) throw UserInputException.Invalid(t.Where(r, c), t.Cell(r, c), expected);
        return v;
    }

    private static double Count(TidyTable t, int r, int c) => Positive(t, r, c, "a cell count > 0");
}
