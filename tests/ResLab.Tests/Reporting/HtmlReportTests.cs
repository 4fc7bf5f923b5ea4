using ResLab.Reporting;
using ResLab.Tests.Cli;
using ResLab.Tests.Support;

namespace ResLab.Tests.Reporting;

public class HtmlReportTests
{
    private static string BuildReport(string dir)
    {
        var plt = PlotStyle.NewPlot("Curve", "dose", "response");
        plt.Add.Scatter(new double[] { -1, 0, 1, 2 }, new double[] { 100, 90, 40, 10 });
        PlotStyle.UseLog10Ticks(plt.Axes.Bottom);
        var report = new HtmlReport("Test report")
            .Heading("Results")
            .Paragraph("A <b>bold</b> claim & more.")
            .Table(["line", "IC50"], [["CAL27", "3.1"], ["CAL27-R", "12.4"]])
            .SvgFigure(PlotStyle.Svg(plt), "An SVG figure.")
            .PngFigure(PlotStyle.Png(plt), "A PNG figure.");
        var path = Path.Combine(dir, "report.html");
        report.Save(path);
        return path;
    }

    [Fact]
    public void Report_is_self_contained_and_escapes_text()
    {
        var html = File.ReadAllText(BuildReport(CliRunner.TempDir()));
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; claim &amp; more.", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.Contains("<svg", html);
        Assert.Contains("data:image/png;base64,", html);
    }

    [SkippableFact]
    public void Report_loads_in_headless_chromium_without_errors_and_shows_its_figures()
    {
        Skip.If(HeadlessChromium.Executable is null, HeadlessChromium.SkipReason);
        var page = HeadlessChromium.Open(BuildReport(CliRunner.TempDir()));
        Assert.Equal("Test report", page.Title);
        Assert.Empty(page.Errors);
        Assert.Equal(2, page.Figures.Count);
        Assert.All(page.Figures, f => Assert.True(f.Width > 100 && f.Height > 100, $"{f.Kind} is {f.Width}x{f.Height}"));
        Assert.True(page.ImagesDecoded);
    }

    [SkippableFact]
    public void The_browser_check_itself_sees_script_errors_and_missing_figures()
    {
        Skip.If(HeadlessChromium.Executable is null, HeadlessChromium.SkipReason);
        var path = Path.Combine(CliRunner.TempDir(), "bad.html");
        File.WriteAllText(path, "<html><head><title>bad</title></head><body><figure><img src=\"missing.png\"/></figure>" +
                                "<script>console.error('boom'); undefinedFunction();</script></body></html>");
        var page = HeadlessChromium.Open(path);
        Assert.Contains(page.Errors, e => e.Contains("boom"));
        Assert.Contains(page.Errors, e => e.Contains("undefinedFunction"));
        Assert.False(page.ImagesDecoded);
    }
}
