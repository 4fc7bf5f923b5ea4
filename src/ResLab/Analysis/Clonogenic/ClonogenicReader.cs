using System.Globalization;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Analysis.Clonogenic;

/// <summary>
/// Reads colony counts from a tidy table (CSV, TSV or xlsx): one row per well with the columns
/// <c>line, experiment, dose_gy, cells_seeded, colonies</c> — or CFAssay's names <c>cline, Exp, dose, ncells,
/// ncolonies</c> — and optionally <c>pe</c> (a known plating efficiency) and <c>fractions</c> (the total dose was
/// given in that many equal fractions). Every bad cell is reported with its file, line, column and value.
/// </summary>
public static class ClonogenicReader
{
    public static readonly string[] GroupNames = ["line", "cline", "cell_line", "curve", "treatment", "condition", "oxygen", "drug", "sensitiser", "sensitizer", "group"];
    public static readonly string[] ExperimentNames = ["experiment", "exp", "experiment_id", "replicate", "batch"];
    public static readonly string[] DoseNames = ["dose_gy", "dose", "total_dose_gy", "dose_total_gy"];
    public static readonly string[] CellNames = ["cells_seeded", "ncells", "cells", "seeded", "cells_plated"];
    public static readonly string[] ColonyNames = ["colonies", "ncolonies", "colony_count", "colonies_counted", "count"];
    public static readonly string[] PeNames = ["pe", "plating_efficiency"];
    public static readonly string[] FractionNames = ["fractions", "n_fractions", "nfractions"];

    public sealed record Options(IReadOnlyList<string>? GroupBy = null);

    public static ClonogenicSet Read(string path, Options? options = null) => FromTable(TidyTable.Read(path), options ?? new Options());

    public static ClonogenicSet FromTable(TidyTable t, Options o)
    {
        int dose = Column(t, "the dose in Gy", DoseNames);
        int cells = Column(t, "the number of cells seeded", CellNames);
        int colonies = Column(t, "the number of colonies", ColonyNames);
        int exp = t.Detect(ExperimentNames);
        int pe = t.Detect(PeNames);
        int fr = t.Detect(FractionNames);
        int[] groups = o.GroupBy is { Count: > 0 }
            ? o.GroupBy.Select(g => t.Require(g, "--group-by")).ToArray()
            : GroupNames.Select(t.IndexOf).Where(i => i >= 0).Distinct().ToArray();
        foreach (var g in groups)
            if (g == dose || g == cells || g == colonies || g == exp)
                throw new UserInputException($"'{t.Columns[g]}' cannot group curves: it is the {(g == exp ? "experiment" : "dose, cells or colonies")} column", new InputLocation(Field: "--group-by"));

        var curveIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var curves = new List<SurvivalCurve>();
        var expIndex = new Dictionary<(int, string), int>();
        var experiments = new List<Experiment>();
        var wells = new List<ColonyWell>();
        var key = new string[groups.Length];
        for (int r = 0; r < t.RowCount; r++)
        {
            for (int k = 0; k < groups.Length; k++)
            {
                key[k] = t.Cell(r, groups[k]).Trim();
                if (key[k].Length == 0) throw UserInputException.Invalid(t.Where(r, groups[k]), "", "a group label (the cell is empty)");
            }
            var joined = string.Join("\u001f", key);
            if (!curveIndex.TryGetValue(joined, out int c))
            {
                c = curves.Count;
                curveIndex[joined] = c;
                curves.Add(new SurvivalCurve(c, key.ToArray(), groups.Length == 0 ? "all" : string.Join(" / ", key)));
            }
            var expName = exp >= 0 ? t.Cell(r, exp).Trim() : "1";
            if (expName.Length == 0) throw UserInputException.Invalid(t.Where(r, exp), "", "an experiment label (the cell is empty)");
            if (!expIndex.TryGetValue((c, expName), out int e))
            {
                e = experiments.Count;
                expIndex[(c, expName)] = e;
                experiments.Add(new Experiment(c, expName, t.LineOf(r)));
            }
            double d = Dose(t, r, dose);
            double n = t.Number(r, cells, "the number of cells seeded (> 0)");
            double y = t.Number(r, colonies, "the number of colonies counted (≥ 0)");
            if (!(n > 0) || double.IsInfinity(n))
                throw UserInputException.Invalid(t.Where(r, cells), t.Cell(r, cells), "the number of cells seeded, > 0", n == 0 ? "a well with no cells seeded cannot form colonies; remove the row" : null);
            if (!(y >= 0) || double.IsInfinity(y))
                throw UserInputException.Invalid(t.Where(r, colonies), t.Cell(r, colonies), "the number of colonies counted, ≥ 0");
            if (y > n)
                throw UserInputException.Invalid(t.Where(r, colonies), t.Cell(r, colonies),
                    $"at most the {NumberFormat.Pretty(n, 8)} cells seeded in this row ('{t.Columns[cells]}')", "colonies and cells seeded may be swapped");
            int f = 1;
            if (fr >= 0)
            {
                double fv = t.Number(r, fr, "the number of fractions (an integer ≥ 1)");
                if (!(fv >= 1) || fv != Math.Floor(fv) || fv > 1000)
                    throw UserInputException.Invalid(t.Where(r, fr), t.Cell(r, fr), "the number of fractions, an integer ≥ 1");
                f = (int)fv;
            }
            double p = double.NaN;
            if (pe >= 0)
            {
                p = t.Number(r, pe, "a plating efficiency in (0, 1]", allowMissing: true);
                if (!double.IsNaN(p) && !(p > 0 && p <= 1))
                    throw UserInputException.Invalid(t.Where(r, pe), t.Cell(r, pe), "a plating efficiency in (0, 1] (a fraction, not a percentage)", p > 1 && p <= 100 ? $"did you mean {NumberFormat.Pretty(p / 100)}?" : null);
            }
            wells.Add(new ColonyWell(c, e, d, f, n, y, p, t.LineOf(r)));
        }
        return new ClonogenicSet
        {
            Source = t.Source,
            GroupColumns = groups.Select(g => t.Columns[g]).ToArray(),
            Curves = curves,
            Experiments = experiments,
            Wells = wells,
            DoseColumn = t.Columns[dose],
            ExperimentColumn = exp >= 0 ? t.Columns[exp] : "experiment",
            Fractionated = fr >= 0,
            HasPe = pe >= 0,
        };
    }

    /// <summary>The first of the candidate columns present, or an error listing the accepted names.</summary>
    internal static int Column(TidyTable t, string role, IReadOnlyList<string> candidates)
    {
        int i = t.Detect(candidates);
        if (i >= 0) return i;
        var near = t.Columns.FirstOrDefault(c => NameMatcher.Nearest(c, candidates) is not null);
        throw new UserInputException(
            $"no column for {role}: expected one named {string.Join(", ", candidates.Select(c => $"'{c}'"))}" +
            (near is null ? "" : $" (is '{near}' meant? rename it to '{candidates[0]}')") + $"; the columns are: {string.Join(", ", t.Columns)}",
            new InputLocation(t.Source, 1));
    }

    private static double Dose(TidyTable t, int r, int c)
    {
        var s = t.Cell(r, c).Trim();
        double v;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
        {
            if (QuantityParser.TryParse(s, out var q, out _) && q.Kind == QuantityKind.RadiationDose) v = q.Value;
            else v = t.Number(r, c, "a dose in Gy (a number, or '2 Gy', '200 cGy')");
        }
        if (!(v >= 0) || double.IsInfinity(v))
            throw UserInputException.Invalid(t.Where(r, c), s, "a dose in Gy, ≥ 0");
        return v;
    }
}
