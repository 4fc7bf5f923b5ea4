using ResLab.Storage;
using ResLab.Tests.Support;

namespace ResLab.Tests.Cli;

/// <summary>`reslab demo`, the Quick start's main job, on the shipped examples.</summary>
public class DemoCommandTests
{
    [SkippableFact]
    public void Demo_runs_every_part_and_its_index_report_links_them_and_loads_in_chromium()
    {
        var outDir = Path.Combine(CliRunner.TempDir(), "demo");
        var r = CliRunner.Run("demo", "--out", outDir, "--examples", Path.Combine(CliRunner.RepoRoot, "examples"));
        Assert.True(r.ExitCode == 0, r.Err);
        foreach (var part in new[] { "dose-response", "plate", "gr", "escalation", "reversal" })
            Assert.True(File.Exists(Path.Combine(outDir, part, "report.html")), part);
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        foreach (var part in new[] { "dose-response", "plate", "gr", "escalation", "reversal" }) Assert.Contains($"href=\"{part}/report.html\"", html);

        // The index quotes the resistance index that the part wrote, not a number of its own.
        var ratios = TidyTable.Read(Path.Combine(outDir, "dose-response", "ratios.csv"));
        Assert.Contains(NumberFormat.Pretty(ratios.Number(0, ratios.Require("ratio"))), html);
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(outDir)!, ".demo*"));

        Skip.If(HeadlessChromium.Executable is null, HeadlessChromium.SkipReason);
        var page = HeadlessChromium.Open(Path.Combine(outDir, "report.html"));
        Assert.Empty(page.Errors);
    }

    [Fact]
    public void Demo_with_a_wrong_examples_directory_is_a_user_error_and_writes_nothing()
    {
        var root = CliRunner.TempDir();
        var outDir = Path.Combine(root, "demo");
        var r = CliRunner.Run("demo", "--out", outDir, "--examples", Path.Combine(root, "nowhere"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("nowhere", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(outDir));
        Assert.Empty(Directory.GetDirectories(root));
    }
}
