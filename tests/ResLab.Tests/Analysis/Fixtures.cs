using ResLab.Storage;

namespace ResLab.Tests.Analysis;

/// <summary>Access to the peer-tool fixtures copied under tests/ResLab.Tests/Fixtures (see each ORIGIN.md).</summary>
public static class Fixtures
{
    public static string Path(string area, string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", area, file);

    public static TidyTable Table(string area, string file) => TidyTable.Read(Path(area, file));

    /// <summary>Rows as dictionaries column → cell.</summary>
    public static List<Dictionary<string, string>> Rows(string area, string file)
    {
        var t = Table(area, file);
        var list = new List<Dictionary<string, string>>();
        for (int r = 0; r < t.RowCount; r++)
        {
            var d = new Dictionary<string, string>();
            for (int c = 0; c < t.Columns.Count; c++) d[t.Columns[c]] = t.Cell(r, c);
            list.Add(d);
        }
        return list;
    }

    public static double Num(string s) => s switch
    {
        "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NA" or "" => double.NaN,
        _ => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Asserts |actual − expected| ≤ rel·|expected| (equal infinities and NaNs pass).</summary>
    public static void Close(double expected, double actual, double rel, string what)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual)) return;
        if (double.IsInfinity(expected) && expected == actual) return;
        double tol = rel * Math.Abs(expected);
        Assert.True(Math.Abs(actual - expected) <= tol,
            $"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(actual - expected) / Math.Abs(expected):G3}, tolerance {rel:G2})");
    }
}
