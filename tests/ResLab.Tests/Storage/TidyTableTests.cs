using ResLab.Storage;

namespace ResLab.Tests.Storage;

public class TidyTableTests
{
    private static TidyTable Parse(string text, char sep = '\0') => TidyTable.Parse(new StringReader(text), "data.csv", sep);

    [Fact]
    public void Reads_header_rows_and_line_numbers()
    {
        var t = Parse("dose,response\n0,100\n\n1,80\n");
        Assert.Equal(new[] { "dose", "response" }, t.Columns);
        Assert.Equal(2, t.RowCount);
        Assert.Equal(4, t.LineOf(1)); // the blank line is skipped but counted
        Assert.Equal(80, t.Number(1, 1));
    }

    [Fact]
    public void Sniffs_tabs_and_semicolons()
    {
        Assert.Equal(2, Parse("a\tb\n1\t2\n").Columns.Count);
        Assert.Equal(2, Parse("a;b\n1;2\n").Columns.Count);
    }

    [Fact]
    public void Non_numeric_cell_names_file_line_and_column()
    {
        var t = Parse("dose,response\n0,100\n1,abc\n");
        var e = Assert.Throws<UserInputException>(() => t.Number(1, 1, "a response (number)"));
        Assert.Contains("data.csv:3:2", e.Message);
        Assert.Contains("'abc'", e.Message);
        Assert.Contains("response", e.Message);
    }

    [Fact]
    public void Missing_column_suggests_the_nearest_name()
    {
        var t = Parse("dose,response\n0,100\n");
        var e = Assert.Throws<UserInputException>(() => t.Require("respons", "--response"));
        Assert.Contains("did you mean 'response'", e.Message);
    }

    [Fact]
    public void Empty_file_and_ragged_rows_are_clear_errors()
    {
        Assert.Contains("empty", Assert.Throws<UserInputException>(() => Parse("")).Message);
        Assert.Contains("no data rows", Assert.Throws<UserInputException>(() => Parse("a,b\n")).Message);
        var e = Assert.Throws<UserInputException>(() => Parse("a,b\n1,2\n1,2,3\n"));
        Assert.Contains("data.csv:3", e.Message);
        Assert.Contains("expected 2", e.Message);
    }

    [Fact]
    public void Duplicate_column_names_are_refused()
    {
        var e = Assert.Throws<UserInputException>(() => Parse("dose,Dose\n1,2\n"));
        Assert.Contains("appears twice", e.Message);
    }

    [Fact]
    public void Numbers_round_trip_exactly()
    {
        foreach (var v in new[] { 0.1, 1.0 / 3, 3.0579533e-9, 123456789.123, double.Epsilon })
            Assert.Equal(v, double.Parse(NumberFormat.Format(v), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("NA", NumberFormat.Format(double.NaN));
        Assert.Equal("Inf", NumberFormat.Format(double.PositiveInfinity));
    }

    [Fact]
    public void Output_directory_appears_only_on_commit()
    {
        var root = Path.Combine(Path.GetTempPath(), "reslab-test-" + Guid.NewGuid().ToString("N"));
        var final = Path.Combine(root, "out");
        using (var o = OutputDirectory.Begin(final))
        {
            File.WriteAllText(o.File("a.csv"), "x");
            // not committed: disposing must leave nothing behind
        }
        Assert.False(Directory.Exists(final));
        Assert.Empty(Directory.GetFileSystemEntries(root));
        using (var o = OutputDirectory.Begin(final))
        {
            File.WriteAllText(o.File("a.csv"), "x");
            o.Commit();
        }
        Assert.True(File.Exists(Path.Combine(final, "a.csv")));
        Directory.Delete(root, true);
    }
}
