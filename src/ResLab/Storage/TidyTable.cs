using System.Globalization;
using System.Text;
using CsvHelper;
using ExcelDataReader;

namespace ResLab.Storage;

/// <summary>
/// A rectangular table of text cells as read from CSV, TSV or xlsx, remembering where each row came from so
/// that every error can name the file, line and column. Typed access parses on demand.
/// </summary>
public sealed class TidyTable
{
    private readonly string[][] _rows;
    private readonly int[] _lines;

    public string Source { get; }
    public IReadOnlyList<string> Columns { get; }
    public int RowCount => _rows.Length;

    public TidyTable(string source, IReadOnlyList<string> columns, string[][] rows, int[] lines)
    {
        Source = source;
        Columns = columns;
        _rows = rows;
        _lines = lines;
    }

    /// <summary>The 1-based line (CSV/TSV) or sheet row (xlsx) of data row <paramref name="row"/>.</summary>
    public int LineOf(int row) => _lines[row];

    public string Cell(int row, int column) => _rows[row][column];

    public IReadOnlyList<string> Row(int row) => _rows[row];

    public InputLocation Where(int row, int column) =>
        new(Source, _lines[row], column + 1, Columns[column]);

    public InputLocation WhereColumn(int column) => new(Source, 1, column + 1, Columns[column]);

    /// <summary>Index of a column by exact (case-insensitive) name, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (string.Equals(Columns[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Index of a named column; a clear error with the nearest name when it is absent.</summary>
    public int Require(string name, string? option = null)
    {
        var i = IndexOf(name);
        if (i >= 0) return i;
        var hint = NameMatcher.Hint(name, Columns);
        var via = option is null ? "" : $" (given by {option})";
        throw new UserInputException(
            $"no column '{name}'{via}{hint}; the columns are: {string.Join(", ", Columns)}",
            new InputLocation(Source, 1));
    }

    /// <summary>The first column whose name matches one of the candidates, or -1.</summary>
    public int Detect(IEnumerable<string> candidates)
    {
        foreach (var c in candidates)
        {
            var i = IndexOf(c);
            if (i >= 0) return i;
        }
        return -1;
    }

    /// <summary>
    /// Resolves a column: the explicit name when given, else the first of <paramref name="candidates"/> present.
    /// </summary>
    public int Resolve(string? explicitName, string role, IReadOnlyList<string> candidates, string option)
    {
        if (!string.IsNullOrWhiteSpace(explicitName)) return Require(explicitName, option);
        var i = Detect(candidates);
        if (i >= 0) return i;
        var guess = Columns.Select(c => NameMatcher.Nearest(c, candidates) is not null ? c : null).FirstOrDefault(c => c is not null);
        var hint = guess is null ? "" : $" (is '{guess}' the {role} column? then pass {option} {guess})";
        throw new UserInputException(
            $"no {role} column: none of {string.Join(", ", candidates.Select(c => $"'{c}'"))} is present{hint}; name it with {option}. The columns are: {string.Join(", ", Columns)}",
            new InputLocation(Source, 1));
    }

    public static bool IsMissing(string cell) =>
        cell.Length == 0 || cell is "NA" or "NaN" or "nan" or "N/A" or "#N/A" or "NULL" or "null";

    /// <summary>Parses a number (invariant culture). Missing values are NaN only when <paramref name="allowMissing"/>.</summary>
    public double Number(int row, int column, string expected = "a number", bool allowMissing = false)
    {
        var s = _rows[row][column].Trim();
        if (IsMissing(s))
        {
            if (allowMissing) return double.NaN;
            throw UserInputException.Invalid(Where(row, column), s, expected, "the cell is empty or NA");
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            if (double.IsNaN(v) && !allowMissing) throw UserInputException.Invalid(Where(row, column), s, expected);
            return v;
        }
        var hint = s.Contains(',') && !s.Contains('.') ? "use '.' as the decimal separator" : null;
        throw UserInputException.Invalid(Where(row, column), s, expected, hint);
    }

    public double[] NumberColumn(int column, string expected = "a number", bool allowMissing = false)
    {
        var r = new double[RowCount];
        for (int i = 0; i < r.Length; i++) r[i] = Number(i, column, expected, allowMissing);
        return r;
    }

    public string[] TextColumn(int column)
    {
        var r = new string[RowCount];
        for (int i = 0; i < r.Length; i++) r[i] = _rows[i][column];
        return r;
    }

    // ----------------------------------------------------------------- reading

    /// <summary>Reads CSV, TSV (or .txt, sniffed) and xlsx/xls. <paramref name="sheet"/> picks an xlsx sheet by name.</summary>
    public static TidyTable Read(string path, string? sheet = null)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory; expected a data file (CSV, TSV or xlsx)", new InputLocation(path));
        if (!File.Exists(path)) throw new UserInputException("file not found", new InputLocation(path));
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".xlsx" or ".xls") return ReadExcel(path, sheet);
        char delimiter = ext switch { ".tsv" or ".tab" => '\t', ".csv" => ',', _ => '\0' };
        string? first;
        using (var peek = new StreamReader(path, Encoding.UTF8, true))
        {
            first = peek.ReadLine();
            while (first is not null && first.Trim().Length == 0) first = peek.ReadLine();
        }
        if (first is null) throw new UserInputException("the file is empty; expected a header row and at least one data row", new InputLocation(path));
        if (delimiter == '\0' || (delimiter == ',' && !first.Contains(',') && first.Contains('\t'))) delimiter = Sniff(first);
        using var csv = CsvReader.FromFile(path, Options(delimiter), FileOptions.SequentialScan);
        return Load(csv, path);
    }

    /// <summary>
    /// The raw cells of a CSV/TSV file (delimiter sniffed as in <see cref="Read"/>) with their 1-based line numbers,
    /// blank lines skipped and no header interpretation: for matrices whose first row is not a header of names.
    /// </summary>
    public static List<(int Line, string[] Cells)> ReadDelimitedGrid(string path)
    {
        if (!File.Exists(path)) throw new UserInputException("file not found", new InputLocation(path));
        var ext = Path.GetExtension(path).ToLowerInvariant();
        char delimiter = ext switch { ".tsv" or ".tab" => '\t', ".csv" => ',', _ => '\0' };
        string? first;
        using (var peek = new StreamReader(path, Encoding.UTF8, true))
        {
            first = peek.ReadLine();
            while (first is not null && first.Trim().Length == 0) first = peek.ReadLine();
        }
        if (first is null) throw new UserInputException("the file is empty", new InputLocation(path));
        if (delimiter == '\0' || (delimiter == ',' && !first.Contains(',') && first.Contains('\t'))) delimiter = Sniff(first);
        try
        {
            using var csv = CsvReader.FromFile(path, Options(delimiter), FileOptions.SequentialScan);
            var rows = new List<(int, string[])>();
            while (csv.Read())
            {
                var rec = ReadCells(csv).Select(c => c.Trim().TrimStart('\uFEFF')).ToArray();
                if (rec.All(c => c.Length == 0)) continue;
                rows.Add(((int)csv.LineNumber, rec));
            }
            return rows;
        }
        catch (CsvFormatException e)
        {
            throw new UserInputException($"malformed delimited text: {e.Message}", new InputLocation(path, (int)e.LineNumber), e);
        }
    }

    /// <summary>Parses delimited text. A delimiter of '\0' is sniffed from the header line (tab, comma or semicolon).</summary>
    public static TidyTable Parse(TextReader reader, string source, char delimiter = '\0')
    {
        var text = reader.ReadToEnd();
        var first = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (first is null) throw new UserInputException("the file is empty; expected a header row and at least one data row", new InputLocation(source));
        if (delimiter == '\0') delimiter = Sniff(first);
        using var csv = CsvReader.FromText(text, Options(delimiter));
        return Load(csv, source);
    }

    private static CsvReaderOptions Options(char delimiter) => new()
    {
        Separator = delimiter,
        HasHeader = false,
        Mode = CsvMode.Rfc4180,
        SkipEmptyLines = true,
        TrimWhitespace = true,
        TrackLineNumbers = true,
        AllowLineBreaksInQuotes = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        Encoding = Encoding.UTF8,
    };

    private static TidyTable Load(CsvReader csv, string source)
    {
        try
        {
            if (!csv.Read()) throw new UserInputException("the file is empty; expected a header row", new InputLocation(source));
            var header = ReadCells(csv).Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            CheckHeader(header, source);
            var rows = new List<string[]>();
            var lines = new List<int>();
            while (csv.Read())
            {
                var rec = ReadCells(csv);
                if (rec.All(c => c.Length == 0)) continue;
                int line = (int)csv.LineNumber;
                if (rec.Length != header.Length)
                {
                    // Allow trailing empty cells (spreadsheets often add them); otherwise the row is malformed.
                    if (rec.Length > header.Length && rec.Skip(header.Length).All(c => c.Length == 0)) rec = rec[..header.Length];
                    else
                        throw new UserInputException(
                            $"this row has {rec.Length} cells; expected {header.Length} (one per header column: {string.Join(", ", header)})",
                            new InputLocation(source, line));
                }
                rows.Add(rec);
                lines.Add(line);
            }
            if (rows.Count == 0) throw new UserInputException("the file has a header but no data rows", new InputLocation(source, 1));
            return new TidyTable(source, header, rows.ToArray(), lines.ToArray());
        }
        catch (CsvFormatException e)
        {
            throw new UserInputException($"malformed delimited text: {e.Message}", new InputLocation(source, (int)e.LineNumber), e);
        }
    }

    private static string[] ReadCells(CsvReader csv)
    {
        var cells = new string[csv.FieldCount];
        for (int i = 0; i < cells.Length; i++) cells[i] = csv.GetString(i);
        return cells;
    }

    private static char Sniff(string headerLine)
    {
        int tabs = headerLine.Count(c => c == '\t'), commas = headerLine.Count(c => c == ','), semis = headerLine.Count(c => c == ';');
        if (tabs >= commas && tabs >= semis && tabs > 0) return '\t';
        if (semis > commas) return ';';
        return ',';
    }

    private static void CheckHeader(string[] header, string source)
    {
        for (int i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
                throw new UserInputException($"header column {i + 1} has no name; expected a name for every column", new InputLocation(source, 1, i + 1));
            for (int j = 0; j < i; j++)
                if (string.Equals(header[i], header[j], StringComparison.OrdinalIgnoreCase))
                    throw new UserInputException($"column name '{header[i]}' appears twice (columns {j + 1} and {i + 1}); expected unique names", new InputLocation(source, 1, i + 1));
        }
    }

    private static TidyTable ReadExcel(string path, string? sheet)
    {
        var grid = ReadExcelGrid(path, sheet);
        if (grid.Count == 0) throw new UserInputException("the sheet is empty; expected a header row and data rows", new InputLocation(path));
        var header = grid[0].Cells.Select(c => c.Trim()).ToArray();
        int width = header.Length;
        while (width > 0 && header[width - 1].Length == 0) width--;
        header = header[..width];
        CheckHeader(header, path);
        var rows = new List<string[]>();
        var lines = new List<int>();
        foreach (var (line, cells) in grid.Skip(1))
        {
            var rec = new string[width];
            for (int c = 0; c < width; c++) rec[c] = c < cells.Length ? cells[c].Trim() : "";
            if (rec.All(c => c.Length == 0)) continue;
            rows.Add(rec);
            lines.Add(line);
        }
        if (rows.Count == 0) throw new UserInputException("the sheet has a header but no data rows", new InputLocation(path, 1));
        return new TidyTable(path, header, rows.ToArray(), lines.ToArray());
    }

    /// <summary>Every sheet of a workbook as text cells with 1-based sheet row numbers (blank rows skipped), in workbook order.</summary>
    public static List<(string Sheet, List<(int Line, string[] Cells)> Rows)> ReadExcelSheets(string path)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            var sheets = new List<(string, List<(int, string[])>)>();
            do
            {
                var rows = new List<(int, string[])>();
                int line = 0;
                while (reader.Read())
                {
                    line++;
                    var cells = new string[reader.FieldCount];
                    for (int c = 0; c < cells.Length; c++) cells[c] = FormatExcelCell(reader.GetValue(c));
                    if (cells.All(x => x.Length == 0)) continue;
                    rows.Add((line, cells));
                }
                sheets.Add((reader.Name, rows));
            } while (reader.NextResult());
            return sheets;
        }
        catch (Exception e) when (e is not UserInputException and (IOException or InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException or FormatException))
        {
            throw new UserInputException($"cannot be read as an Excel workbook: {e.Message}", new InputLocation(path), e);
        }
    }

    /// <summary>All rows of one sheet as text cells, with their 1-based sheet row numbers (blank rows skipped).</summary>
    public static List<(int Line, string[] Cells)> ReadExcelGrid(string path, string? sheet)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            var names = new List<string>();
            do
            {
                names.Add(reader.Name);
                if (sheet is not null && !string.Equals(reader.Name, sheet, StringComparison.OrdinalIgnoreCase)) continue;
                var result = new List<(int, string[])>();
                int line = 0;
                while (reader.Read())
                {
                    line++;
                    var cells = new string[reader.FieldCount];
                    for (int c = 0; c < cells.Length; c++) cells[c] = FormatExcelCell(reader.GetValue(c));
                    if (cells.All(x => x.Length == 0)) continue;
                    result.Add((line, cells));
                }
                return result;
            } while (reader.NextResult());
            throw new UserInputException($"no sheet named '{sheet}'{NameMatcher.Hint(sheet!, names)}; the sheets are: {string.Join(", ", names)}", new InputLocation(path));
        }
        catch (Exception e) when (e is not UserInputException and (IOException or InvalidDataException or ExcelDataReader.Exceptions.ExcelReaderException or FormatException))
        {
            throw new UserInputException($"cannot be read as an Excel workbook: {e.Message}", new InputLocation(path), e);
        }
    }

    private static string FormatExcelCell(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "TRUE" : "FALSE",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
