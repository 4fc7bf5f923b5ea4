using System.Globalization;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Analysis.Synergy;

/// <summary>
/// Reads drug-combination data: a long table (one row per well and replicate: <c>block, drug1, conc1, drug2, conc2,
/// response, replicate</c>, or SynergyFinder's <c>block_id, drug_row, drug_col, conc_r, conc_c, response,
/// conc_r_unit, conc_c_unit</c>), or a wide dose matrix per sheet (xlsx) or file (CSV/TSV): drug 1 concentrations down
/// the first column, drug 2 concentrations across the first row, responses in the cells, and "drug1 \ drug2" in the
/// corner. Responses are converted to % inhibition (100 − viability) as SynergyFinder does. Every block must be a
/// full matrix including the single-agent row and column; every bad cell is reported with file, line and field.
/// </summary>
public static class CombinationReader
{
    public static readonly string[] BlockNames = ["block", "block_id", "blockid", "pairindex", "pair_index"];
    public static readonly string[] Drug1Names = ["drug1", "drug_row", "drugrow", "drug_1"];
    public static readonly string[] Drug2Names = ["drug2", "drug_col", "drugcol", "drug_2"];
    public static readonly string[] Conc1Names = ["conc1", "conc_r", "concrow", "conc_row", "dose1", "conc_1"];
    public static readonly string[] Conc2Names = ["conc2", "conc_c", "conccol", "conc_col", "dose2", "conc_2"];
    public static readonly string[] ResponseNames = ["response", "inhibition", "viability", "percent_inhibition", "percent_viability"];
    public static readonly string[] Unit1Names = ["conc_unit1", "conc_r_unit", "conc_unit", "unit1", "concunit1", "conc_unit_1"];
    public static readonly string[] Unit2Names = ["conc_unit2", "conc_c_unit", "unit2", "concunit2", "conc_unit_2"];

    /// <param name="Response">"viability" or "inhibition"; null: from the response column's name ("inhibition" or else viability).</param>
    public sealed record Options(string? Response = null);

    public static CombinationSet Read(string path, Options? options = null)
    {
        options ??= new Options();
        if (Directory.Exists(path)) throw new UserInputException("is a directory; expected a data file (CSV, TSV or xlsx)", new InputLocation(path));
        if (!File.Exists(path)) throw new UserInputException("file not found", new InputLocation(path));
        bool excel = Path.GetExtension(path).ToLowerInvariant() is ".xlsx" or ".xls";
        var firstRow = excel ? TidyTable.ReadExcelSheets(path).FirstOrDefault().Rows?.FirstOrDefault().Cells ?? [] : HeaderCells(path);
        bool isLong = firstRow.Any(c => ResponseNames.Contains(c.Trim().ToLowerInvariant())) && firstRow.Any(c => Conc1Names.Contains(c.Trim().ToLowerInvariant()));
        if (isLong) return FromLong(TidyTable.Read(path), options);
        var grids = excel
            ? TidyTable.ReadExcelSheets(path).Where(s => s.Rows.Count > 0).ToList()
            : [(Path.GetFileNameWithoutExtension(path), TidyTable.ReadDelimitedGrid(path))];
        string kind = Kind(options.Response, null);
        var blocks = grids.Select(g => FromMatrix(path, g.Item1, g.Item2, kind)).ToList();
        if (blocks.Count == 0) throw new UserInputException("the workbook has no data", new InputLocation(path));
        return new CombinationSet { Source = path, Blocks = blocks, InputType = kind };
    }

    /// <summary>The cells of the first non-empty line of a delimited file (comma, tab or semicolon), without reading the rest.</summary>
    private static string[] HeaderCells(string path)
    {
        using var r = new StreamReader(path, System.Text.Encoding.UTF8, true);
        string? line;
        while ((line = r.ReadLine()) is not null && line.Trim().Length == 0) { }
        if (line is null) return [];
        char sep = line.Count(c => c == '\t') > 0 ? '\t' : line.Count(c => c == ';') > line.Count(c => c == ',') ? ';' : ',';
        return line.Split(sep).Select(c => c.Trim().Trim('"').TrimStart('\uFEFF')).ToArray();
    }

    private static string Kind(string? option, string? responseColumn)
    {
        if (option is not null) return option;
        return responseColumn is not null && responseColumn.Contains("inhibition", StringComparison.OrdinalIgnoreCase) ? "inhibition" : "viability";
    }

    private static double ToInhibition(double v, string kind) => kind == "viability" ? 100 - v : v;

    // ------------------------------------------------------------------ long format

    private sealed class BlockBuilder
    {
        public required string Id;
        public required string Drug1, Drug2;
        public required int FirstLine;
        public (string Unit, double Factor, int Line, string Field)? Unit1, Unit2;
        public readonly Dictionary<(double, double), (List<double> Values, int Line)> Wells = new();
        public readonly Dictionary<double, int> FirstLine1 = new(), FirstLine2 = new();
    }

    public static CombinationSet FromLong(TidyTable t, Options o)
    {
        int block = t.Detect(BlockNames), d1 = t.Detect(Drug1Names), d2 = t.Detect(Drug2Names);
        int c1 = Column(t, "drug 1 concentrations", Conc1Names), c2 = Column(t, "drug 2 concentrations", Conc2Names);
        int resp = Column(t, "the response", ResponseNames);
        int u1 = t.Detect(Unit1Names), u2 = t.Detect(Unit2Names);
        if (u2 < 0) u2 = u1;
        string kind = Kind(o.Response, t.Columns[resp]);
        var builders = new Dictionary<string, BlockBuilder>(StringComparer.Ordinal);
        var order = new List<BlockBuilder>();
        for (int r = 0; r < t.RowCount; r++)
        {
            var id = block >= 0 ? t.Cell(r, block).Trim() : "1";
            if (id.Length == 0) throw UserInputException.Invalid(t.Where(r, block), "", "a block identifier (the cell is empty)");
            var drug1 = d1 >= 0 ? t.Cell(r, d1).Trim() : "drug1";
            var drug2 = d2 >= 0 ? t.Cell(r, d2).Trim() : "drug2";
            if (!builders.TryGetValue(id, out var b))
            {
                b = new BlockBuilder { Id = id, Drug1 = drug1, Drug2 = drug2, FirstLine = t.LineOf(r) };
                builders[id] = b;
                order.Add(b);
            }
            if (drug1 != b.Drug1 || drug2 != b.Drug2)
            {
                int bad = drug1 != b.Drug1 ? d1 : d2;
                throw UserInputException.Invalid(t.Where(r, bad), t.Cell(r, bad),
                    $"'{(bad == d1 ? b.Drug1 : b.Drug2)}' as on line {b.FirstLine}: one drug pair per block (give this pair its own block id)");
            }
            double x1 = Concentration(t, r, c1, u1, ref b.Unit1, b, "drug 1 (" + b.Drug1 + ")");
            double x2 = Concentration(t, r, c2, u2, ref b.Unit2, b, "drug 2 (" + b.Drug2 + ")");
            double y = t.Number(r, resp, $"a response (% {kind})");
            if (!double.IsFinite(y)) throw UserInputException.Invalid(t.Where(r, resp), t.Cell(r, resp), $"a finite response (% {kind})");
            b.FirstLine1.TryAdd(x1, t.LineOf(r));
            b.FirstLine2.TryAdd(x2, t.LineOf(r));
            if (!b.Wells.TryGetValue((x1, x2), out var well)) b.Wells[(x1, x2)] = well = (new List<double>(), t.LineOf(r));
            well.Values.Add(ToInhibition(y, kind));
        }
        var blocks = order.Select(b => Build(t.Source, b, t.Columns[c1], t.Columns[c2])).ToList();
        return new CombinationSet { Source = t.Source, Blocks = blocks, InputType = kind };
    }

    private static double Concentration(TidyTable t, int r, int col, int unitCol, ref (string Unit, double Factor, int Line, string Field)? seen, BlockBuilder b, string what)
    {
        var cell = t.Cell(r, col).Trim();
        string unit = unitCol >= 0 ? t.Cell(r, unitCol).Trim() : "";
        string field = unitCol >= 0 ? t.Columns[unitCol] : t.Columns[col];
        double value;
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            if (QuantityParser.TryParse(cell, out var q, out _) && q.Kind is QuantityKind.Concentration or QuantityKind.MassConcentration)
            {
                var text = q.Text.Trim();
                int k = 0;
                while (k < text.Length && (char.IsDigit(text[k]) || text[k] is '.' or '+' or '-' or 'e' or 'E')) k++;
                var cellUnit = text[k..].Trim();
                if (unit.Length > 0 && Factor(unit) != Factor(cellUnit))
                    throw UserInputException.Invalid(t.Where(r, col), cell, $"a concentration in {unit}, the unit in column '{t.Columns[unitCol]}' of this row");
                unit = cellUnit;
                field = t.Columns[col];
                value = double.Parse(text[..k], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
            else value = t.Number(r, col, "a concentration (a number, or a number with a unit such as '10 nM')");
        }
        if (!(value >= 0) || double.IsInfinity(value)) throw UserInputException.Invalid(t.Where(r, col), cell, "a concentration ≥ 0");
        // Zero has no unit to disagree with; every positive concentration of a drug in a block must share one unit.
        if (value > 0)
        {
            double factor = Factor(unit);
            if (seen is null) seen = (unit, factor, t.LineOf(r), field);
            else if (factor != seen.Value.Factor)
                throw UserInputException.Invalid(new InputLocation(t.Source, t.LineOf(r), t.IndexOf(field) + 1, field), unit.Length == 0 ? "(no unit)" : unit,
                    $"the unit of {what} in block '{b.Id}' given on line {seen.Value.Line} ('{(seen.Value.Unit.Length == 0 ? "no unit" : seen.Value.Unit)}'): " +
                    "mismatched concentration units within a block; convert them to one unit");
        }
        return value;
    }

    /// <summary>A unit's factor to µM (or mg/L for mass units); NaN for an unknown unit, 0 for none.</summary>
    private static double Factor(string unit)
    {
        if (unit.Length == 0) return 0;
        if (QuantityParser.TryParse("1 " + unit, out var q, out _) && q.Kind is QuantityKind.Concentration or QuantityKind.MassConcentration)
            return q.Kind == QuantityKind.Concentration ? q.Value : -q.Value;
        return double.NaN;
    }

    private static CombinationBlock Build(string source, BlockBuilder b, string conc1Field, string conc2Field)
    {
        var x1 = b.Wells.Keys.Select(k => k.Item1).Distinct().Order().ToArray();
        var x2 = b.Wells.Keys.Select(k => k.Item2).Distinct().Order().ToArray();
        if (x1[0] != 0 || x2[0] != 0)
        {
            bool one = x1[0] != 0;
            throw new UserInputException(
                $"block '{b.Id}' has no {(one ? "drug 1" : "drug 2")} concentration 0, so it has no single-agent {(one ? "row" : "column")} of {(one ? b.Drug2 : b.Drug1)} alone: " +
                "a combination matrix needs both drugs alone (and the untreated control) to score synergy",
                new InputLocation(source, b.FirstLine, Field: one ? conc1Field : conc2Field));
        }
        if (x1.Length < 2 || x2.Length < 2)
            throw new UserInputException($"block '{b.Id}' has {(x1.Length < 2 ? "drug 1" : "drug 2")} only at concentration 0; expected a dose range for each drug",
                new InputLocation(source, b.FirstLine, Field: x1.Length < 2 ? conc1Field : conc2Field));
        var responses = new IReadOnlyList<double>[x1.Length, x2.Length];
        var lines = new int[x1.Length, x2.Length];
        for (int i = 0; i < x1.Length; i++)
            for (int j = 0; j < x2.Length; j++)
            {
                if (!b.Wells.TryGetValue((x1[i], x2[j]), out var w))
                {
                    var what = i == 0 && j == 0 ? "the untreated control (both drugs at 0)"
                        : i == 0 ? $"the single-agent well of {b.Drug2} at {Fmt(x2[j])} (drug 1 at 0)"
                        : j == 0 ? $"the single-agent well of {b.Drug1} at {Fmt(x1[i])} (drug 2 at 0)"
                        : $"the combination well {b.Drug1} {Fmt(x1[i])} + {b.Drug2} {Fmt(x2[j])}";
                    int line = j == 0 ? b.FirstLine1[x1[i]] : b.FirstLine2[x2[j]];
                    throw new UserInputException($"block '{b.Id}' lacks {what}; every concentration of each drug needs a well with every concentration of the other, including 0 (the single-agent rows and columns)",
                        new InputLocation(source, line, Field: j == 0 ? conc2Field : conc1Field));
                }
                responses[i, j] = w.Values;
                lines[i, j] = w.Line;
            }
        return new CombinationBlock
        {
            Id = b.Id, Drug1 = b.Drug1, Drug2 = b.Drug2, Unit1 = b.Unit1?.Unit ?? "", Unit2 = b.Unit2?.Unit ?? "",
            Conc1 = x1, Conc2 = x2, Responses = responses, Lines = lines,
        };
    }

    private static string Fmt(double v) => NumberFormat.Pretty(v, 6);

    private static int Column(TidyTable t, string role, IReadOnlyList<string> candidates)
    {
        int i = t.Detect(candidates);
        if (i >= 0) return i;
        var near = t.Columns.FirstOrDefault(c => NameMatcher.Nearest(c, candidates) is not null);
        throw new UserInputException(
            $"no column for {role}: expected one named {string.Join(", ", candidates.Select(c => $"'{c}'"))}" +
            (near is null ? "" : $" (is '{near}' meant? rename it to '{candidates[0]}')") + $"; the columns are: {string.Join(", ", t.Columns)}",
            new InputLocation(t.Source, 1));
    }

    // ------------------------------------------------------------------ wide matrix

    private static CombinationBlock FromMatrix(string source, string id, List<(int Line, string[] Cells)> grid, string kind)
    {
        if (grid.Count < 3)
            throw new UserInputException($"'{id}' has {grid.Count} rows; expected a dose matrix: drug 2 concentrations across the first row, drug 1 concentrations down the first column, " +
                                         "responses in the cells — or a long table with columns block, drug1, conc1, drug2, conc2, response", new InputLocation(source, grid.Count > 0 ? grid[0].Line : null));
        var head = grid[0];
        int width = head.Cells.Length;
        while (width > 1 && head.Cells[width - 1].Trim().Length == 0) width--;
        var (drug1, drug2) = DrugNames(head.Cells[0]);
        string unit2 = "", unit1 = "";
        var x2 = new double[width - 1];
        for (int c = 1; c < width; c++) x2[c - 1] = MatrixConcentration(source, head.Line, c, head.Cells[c], ref unit2, "a drug 2 concentration (the first row holds drug 2 concentrations)");
        var x1 = new double[grid.Count - 1];
        var values = new double[grid.Count - 1, width - 1];
        for (int r = 1; r < grid.Count; r++)
        {
            var (line, cells) = grid[r];
            x1[r - 1] = MatrixConcentration(source, line, 0, cells[0], ref unit1, "a drug 1 concentration (the first column holds drug 1 concentrations)");
            for (int c = 1; c < width; c++)
            {
                var s = c < cells.Length ? cells[c].Trim() : "";
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                    throw UserInputException.Invalid(new InputLocation(source, line, c + 1, id), s, $"a response (% {kind}) in every cell of the matrix", s.Length == 0 ? "the cell is empty: every well of the matrix is needed" : null);
                values[r - 1, c - 1] = v;
            }
        }
        var b = new BlockBuilder { Id = id, Drug1 = drug1, Drug2 = drug2, FirstLine = head.Line };
        for (int i = 0; i < x1.Length; i++)
        {
            b.FirstLine1.TryAdd(x1[i], grid[i + 1].Line);
            for (int j = 0; j < x2.Length; j++)
            {
                b.FirstLine2.TryAdd(x2[j], head.Line);
                if (b.Wells.ContainsKey((x1[i], x2[j])))
                    throw new UserInputException($"concentration pair ({Fmt(x1[i])}, {Fmt(x2[j])}) appears twice in the matrix '{id}'; expected each concentration once per row and column", new InputLocation(source, grid[i + 1].Line));
                b.Wells[(x1[i], x2[j])] = (new List<double> { ToInhibition(values[i, j], kind) }, grid[i + 1].Line);
            }
        }
        if (unit1.Length > 0) b.Unit1 = (unit1, Factor(unit1), head.Line, "conc1");
        if (unit2.Length > 0) b.Unit2 = (unit2, Factor(unit2), head.Line, "conc2");
        return Build(source, b, "first column (drug 1 concentrations)", "first row (drug 2 concentrations)");
    }

    private static (string, string) DrugNames(string corner)
    {
        foreach (var sep in new[] { "\\", "/", " vs ", " vs. ", " x ", "×" })
        {
            int k = corner.IndexOf(sep, StringComparison.OrdinalIgnoreCase);
            if (k > 0 && k + sep.Length < corner.Length) return (corner[..k].Trim(), corner[(k + sep.Length)..].Trim());
        }
        return ("drug1", "drug2");
    }

    private static double MatrixConcentration(string source, int line, int col, string cell, ref string unit, string expected)
    {
        var s = cell.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 && double.IsFinite(v)) return v;
        if (QuantityParser.TryParse(s, out var q, out _) && q.Kind is QuantityKind.Concentration or QuantityKind.MassConcentration)
        {
            int k = 0;
            while (k < s.Length && (char.IsDigit(s[k]) || s[k] is '.' or '+' or '-' or 'e' or 'E')) k++;
            var u = s[k..].Trim();
            double number = double.Parse(s[..k], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (number > 0)
            {
                if (unit.Length == 0) unit = u;
                else if (Factor(u) != Factor(unit))
                    throw UserInputException.Invalid(new InputLocation(source, line, col + 1), s, $"a concentration in {unit} like the others of this drug: mismatched concentration units; convert them to one unit");
            }
            return number;
        }
        throw UserInputException.Invalid(new InputLocation(source, line, col + 1), s, expected);
    }
}
