using System.Globalization;
using System.Text;
using CsvHelper;
using ResLab.Storage;

namespace ResLab.Analysis.DoseResponse;

/// <summary>
/// Reads a long ("tidy") dose–response table — one row per well — into curves. CSV/TSV are streamed (only the
/// dose, response and grouping cells of each row are kept, so a file of hundreds of MB fits in memory); xlsx goes
/// through <see cref="TidyTable"/>. Every bad cell is reported with file, line, column, value and what was expected.
/// </summary>
public static class TidyCurveReader
{
    public static readonly string[] DoseNames = ["dose", "concentration", "conc", "dose_um", "concentration_um", "dose_uM", "log_dose"];
    public static readonly string[] ResponseNames = ["response", "viability", "percent_viability", "viability_percent", "signal", "value", "y", "absorbance", "luminescence", "inhibition", "surviving_fraction"];
    public static readonly string[] GroupNames = ["curve", "line", "cell_line", "drug", "treatment", "compound", "group", "sample"];

    public sealed record Options(string? DoseColumn = null, string? ResponseColumn = null, IReadOnlyList<string>? GroupBy = null);

    public static CurveSet Read(string path, Options options)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory; expected a data file (CSV, TSV or xlsx)", new InputLocation(path));
        if (!File.Exists(path)) throw new UserInputException("file not found", new InputLocation(path));
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".xlsx" or ".xls") return FromTable(TidyTable.Read(path), options);
        return Stream(path, options);
    }

    public static CurveSet FromTable(TidyTable t, Options o)
    {
        var (di, ri, gi, wi) = ResolveColumns(t.Columns, t.Source, o, t);
        var b = new Builder(t.Source, gi.Select(i => t.Columns[i]).ToArray(), wi >= 0);
        var key = new string[gi.Length];
        for (int r = 0; r < t.RowCount; r++)
        {
            for (int k = 0; k < gi.Length; k++) key[k] = t.Cell(r, gi[k]);
            b.Add(key, t.Cell(r, di), t.Cell(r, ri), wi >= 0 ? t.Cell(r, wi) : null, t.LineOf(r), di, ri, t.Columns[di], t.Columns[ri]);
        }
        return b.Build(t.Columns[di], t.Columns[ri]);
    }

    private static CurveSet Stream(string path, Options o)
    {
        string? first;
        using (var peek = new StreamReader(path, Encoding.UTF8, true))
        {
            first = peek.ReadLine();
            while (first is not null && first.Trim().Length == 0) first = peek.ReadLine();
        }
        if (first is null) throw new UserInputException("the file is empty; expected a header row and one row per well", new InputLocation(path));
        var ext = Path.GetExtension(path).ToLowerInvariant();
        char sep = ext is ".tsv" or ".tab" ? '\t' : first.Count(c => c == '\t') > first.Count(c => c == ',') ? '\t' : first.Count(c => c == ';') > first.Count(c => c == ',') ? ';' : ',';
        var csvOptions = new CsvReaderOptions
        {
            Separator = sep, HasHeader = false, Mode = CsvMode.Rfc4180, SkipEmptyLines = true, TrimWhitespace = true,
            TrackLineNumbers = true, AllowLineBreaksInQuotes = true, FieldCountMismatch = CsvFieldCountHandling.Allow, Encoding = Encoding.UTF8,
        };
        try
        {
            using var csv = CsvReader.FromFile(path, csvOptions, FileOptions.SequentialScan);
            if (!csv.Read()) throw new UserInputException("the file is empty; expected a header row", new InputLocation(path));
            var header = new string[csv.FieldCount];
            for (int i = 0; i < header.Length; i++) header[i] = csv.GetString(i).Trim().TrimStart('\uFEFF');
            for (int i = 0; i < header.Length; i++)
            {
                if (header[i].Length == 0) throw new UserInputException($"header column {i + 1} has no name; expected a name for every column", new InputLocation(path, 1, i + 1));
                for (int j = 0; j < i; j++)
                    if (string.Equals(header[i], header[j], StringComparison.OrdinalIgnoreCase))
                        throw new UserInputException($"column name '{header[i]}' appears twice (columns {j + 1} and {i + 1}); expected unique names", new InputLocation(path, 1, i + 1));
            }
            var (di, ri, gi, wi) = ResolveColumns(header, path, o, null);
            var b = new Builder(path, gi.Select(i => header[i]).ToArray(), wi >= 0);
            var key = new string[gi.Length];
            while (csv.Read())
            {
                int n = csv.FieldCount;
                int line = (int)csv.LineNumber;
                if (n == 1 && csv.GetString(0).Length == 0) continue;
                if (n < header.Length)
                    throw new UserInputException($"this row has {n} cells; expected {header.Length} (one per header column: {string.Join(", ", header)})", new InputLocation(path, line));
                for (int k = 0; k < gi.Length; k++) key[k] = csv.GetString(gi[k]);
                b.Add(key, csv.GetString(di), csv.GetString(ri), wi >= 0 ? csv.GetString(wi) : null, line, di, ri, header[di], header[ri]);
            }
            return b.Build(header[di], header[ri]);
        }
        catch (CsvFormatException e)
        {
            throw new UserInputException($"malformed delimited text: {e.Message}", new InputLocation(path, (int)e.LineNumber), e);
        }
    }

    private static (int Dose, int Response, int[] Groups, int Well) ResolveColumns(IReadOnlyList<string> columns, string source, Options o, TidyTable? table)
    {
        var t = table ?? new TidyTable(source, columns, [], []);
        int di = t.Resolve(o.DoseColumn, "dose", DoseNames, "--dose");
        int ri = t.Resolve(o.ResponseColumn, "response", ResponseNames, "--response");
        int[] gi;
        if (o.GroupBy is { Count: > 0 }) gi = o.GroupBy.Select(g => t.Require(g, "--group-by")).ToArray();
        else gi = GroupNames.Select(t.IndexOf).Where(i => i >= 0 && i != di && i != ri).Distinct().ToArray();
        int wi = t.Detect(["well"]);
        return (di, ri, gi, wi);
    }

    /// <summary>Accumulates rows into curves, validating each cell.</summary>
    private sealed class Builder(string source, string[] groupColumns, bool hasWells)
    {
        private readonly Dictionary<string, int> _index = new();
        private readonly List<(string[] Key, List<double> X, List<double> Y, int FirstLine)> _curves = new();
        private readonly Dictionary<string, int> _wells = new();
        private int _rows;

        public void Add(string[] key, string doseCell, string responseCell, string? well, int line, int di, int ri, string doseName, string responseName)
        {
            _rows++;
            double x = Parse(doseCell, line, di, doseName, "a dose ≥ 0 (a number; 0 for untreated controls)");
            if (x < 0 || double.IsInfinity(x))
                throw UserInputException.Invalid(new InputLocation(source, line, di + 1, doseName), doseCell, "a dose ≥ 0 (a number; 0 for untreated controls)");
            double y = Parse(responseCell, line, ri, responseName, "a response (a finite number)");
            if (double.IsInfinity(y)) throw UserInputException.Invalid(new InputLocation(source, line, ri + 1, responseName), responseCell, "a response (a finite number)");
            var k = string.Join("\u001f", key);
            if (hasWells && well is { Length: > 0 })
            {
                var wk = k + "\u001f" + well.Trim().ToUpperInvariant();
                if (_wells.TryGetValue(wk, out var prev))
                    throw new UserInputException($"well '{well}' of curve '{string.Join(" / ", key)}' appears twice (lines {prev} and {line}); expected each well once",
                        new InputLocation(source, line, null, "well"));
                _wells[wk] = line;
            }
            if (!_index.TryGetValue(k, out var ci))
            {
                ci = _curves.Count;
                _index[k] = ci;
                _curves.Add(((string[])key.Clone(), new List<double>(), new List<double>(), line));
            }
            _curves[ci].X.Add(x);
            _curves[ci].Y.Add(y);
        }

        private double Parse(string cell, int line, int col, string name, string expected)
        {
            var s = cell.Trim();
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v)) return v;
            string? hint = TidyTable.IsMissing(s) ? "the cell is empty or NA; remove the row or fill it in"
                : s.Contains(',') && !s.Contains('.') ? "use '.' as the decimal separator" : null;
            throw UserInputException.Invalid(new InputLocation(source, line, col + 1, name), s, expected, hint);
        }

        public CurveSet Build(string doseName, string responseName)
        {
            if (_rows == 0) throw new UserInputException("the file has a header but no data rows", new InputLocation(source, 1));
            var curves = _curves.Select(c => new CurveInput(c.Key, new DoseResponseData(c.X, c.Y), $"{source} (curve '{string.Join(" / ", c.Key)}' from line {c.FirstLine})")).ToArray();
            return new CurveSet(source, groupColumns, curves, doseName, responseName);
        }
    }
}
