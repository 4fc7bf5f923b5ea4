using System.Globalization;
using System.Text.RegularExpressions;

namespace ResLab.Storage;

/// <summary>
/// A plate-reader export: an 8 × 12 (96-well) or 16 × 24 (384-well) matrix of absorbance or luminescence, as
/// instruments write it to CSV/TSV or xlsx — rows labelled A…H (A…P), an optional header row 1…12 (1…24), any
/// number of metadata lines around the block (they are skipped).
/// </summary>
public sealed partial class PlateMatrix
{
    public string Source { get; }
    public int Rows { get; }
    public int Columns { get; }
    private readonly double[] _values;
    private readonly int[] _lines;

    private PlateMatrix(string source, int rows, int columns, double[] values, int[] lines)
    {
        Source = source; Rows = rows; Columns = columns; _values = values; _lines = lines;
    }

    /// <summary>The value of a well by 0-based row and column.</summary>
    public double this[int row, int column] => _values[row * Columns + column];

    /// <summary>The file line of a plate row (1-based), for messages.</summary>
    public int LineOf(int row) => _lines[row];

    [GeneratedRegex(@"^([A-Pa-p])(\d{1,2})$")]
    private static partial Regex WellPattern();

    /// <summary>Parses "B7" into 0-based (row, column); false when it is not a well name.</summary>
    public static bool TryParseWell(string well, out int row, out int column)
    {
        var m = WellPattern().Match(well.Trim());
        row = column = -1;
        if (!m.Success) return false;
        row = char.ToUpperInvariant(m.Groups[1].Value[0]) - 'A';
        column = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) - 1;
        return column >= 0;
    }

    public static PlateMatrix Read(string path)
    {
        if (!File.Exists(path)) throw new UserInputException("file not found", new InputLocation(path));
        var ext = Path.GetExtension(path).ToLowerInvariant();
        List<(int Line, string[] Cells)> grid;
        if (ext is ".xlsx" or ".xls") grid = TidyTable.ReadExcelGrid(path, null);
        else
        {
            grid = new List<(int, string[])>();
            int n = 0;
            foreach (var raw in File.ReadLines(path))
            {
                n++;
                if (raw.Trim().Length == 0) continue;
                char sep = raw.Contains('\t') ? '\t' : raw.Count(c => c == ';') > raw.Count(c => c == ',') ? ';' : ',';
                grid.Add((n, raw.Split(sep).Select(c => c.Trim().Trim('"').Trim()).ToArray()));
            }
        }
        if (grid.Count == 0) throw new UserInputException("the plate file is empty; expected an 8 × 12 or 16 × 24 matrix with rows labelled A, B, …", new InputLocation(path));
        // The block: consecutive lines whose first cell is the next row letter.
        var block = new List<(int Line, string[] Cells)>();
        foreach (var (line, cells) in grid)
        {
            if (cells.Length == 0) continue;
            var label = cells[0].Trim();
            if (label.Length == 1 && char.ToUpperInvariant(label[0]) == (char)('A' + block.Count)) block.Add((line, cells));
            else if (block.Count > 0) break;
        }
        if (block.Count is not (8 or 16))
            throw new UserInputException(block.Count == 0
                ? "no plate matrix found: expected rows labelled A, B, C, … in the first column (8 rows for 96 wells, 16 for 384)"
                : $"the plate has {block.Count} rows (A–{(char)('A' + block.Count - 1)}); expected 8 (96-well) or 16 (384-well)", new InputLocation(path, block.Count > 0 ? block[^1].Line : null));
        int cols = block.Count == 8 ? 12 : 24;
        var values = new double[block.Count * cols];
        for (int r = 0; r < block.Count; r++)
        {
            var (line, cells) = block[r];
            int present = cells.Length - 1;
            while (present > 0 && cells[present].Length == 0) present--;
            if (present != cols)
                throw new UserInputException($"plate row {(char)('A' + r)} has {present} values; expected {cols} for a {block.Count * cols}-well plate", new InputLocation(path, line));
            for (int c = 0; c < cols; c++)
            {
                var s = cells[c + 1];
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                    throw UserInputException.Invalid(new InputLocation(path, line, c + 2, $"well {(char)('A' + r)}{c + 1}"), s, "a reading (a finite number)",
                        s.Contains(',') ? "use '.' as the decimal separator" : null);
                values[r * cols + c] = v;
            }
        }
        return new PlateMatrix(path, block.Count, cols, values, block.Select(b => b.Line).ToArray());
    }
}
