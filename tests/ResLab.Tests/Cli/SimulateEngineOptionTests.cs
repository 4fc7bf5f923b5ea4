namespace ResLab.Tests.Cli;

/// <summary>The engine options of `reslab simulate`: `--clone-budget N` (coarse-graining, 0 = off) and `--max-leap H`
/// (longest adaptive step, 1 = fixed 1-h steps), both recorded in run.json.</summary>
public class SimulateEngineOptionTests
{
    private static readonly string Protocol = Path.Combine(CliRunner.RepoRoot, "examples/protocols/cisplatin-escalation-1-to-25uM.yaml");

    [Fact]
    public void The_clone_budget_is_an_option_recorded_in_run_json()
    {
        var protocol = Protocol;
        var off = Path.Combine(CliRunner.TempDir(), "off");
        var r = CliRunner.Run("simulate", protocol, "--scale", "0.01", "--time-scale", "0.1", "--clone-budget", "0", "--no-plots", "--out", off);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("\"enabled\": false", File.ReadAllText(Path.Combine(off, "run.json")));
        var on = Path.Combine(CliRunner.TempDir(), "on");
        r = CliRunner.Run("simulate", protocol, "--scale", "0.01", "--time-scale", "0.1", "--clone-budget", "8", "--no-plots", "--out", on);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("\"max_clones\": 8", File.ReadAllText(Path.Combine(on, "run.json")));
        Assert.Contains(",merged_into,merged_h", File.ReadLines(Path.Combine(on, "clones.csv")).First());
        var bad = CliRunner.Run("simulate", protocol, "--clone-budget", "-1", "--out", Path.Combine(CliRunner.TempDir(), "bad"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--clone-budget", bad.Err);
    }

    [Fact]
    public void The_longest_leap_is_an_option_recorded_in_run_json()
    {
        var protocol = Protocol;
        var adaptive = Path.Combine(CliRunner.TempDir(), "adaptive");
        var r = CliRunner.Run("simulate", protocol, "--scale", "0.01", "--time-scale", "0.1", "--no-plots", "--out", adaptive);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("\"max_leap_h\": 8", File.ReadAllText(Path.Combine(adaptive, "run.json")));
        var fixedSteps = Path.Combine(CliRunner.TempDir(), "fixed");
        r = CliRunner.Run("simulate", protocol, "--scale", "0.01", "--time-scale", "0.1", "--max-leap", "1", "--no-plots", "--out", fixedSteps);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("\"max_leap_h\": 1", File.ReadAllText(Path.Combine(fixedSteps, "run.json")));
        foreach (var bad in new[] { "0.5", "30", "x" })
        {
            var b = CliRunner.Run("simulate", protocol, "--max-leap", bad, "--out", Path.Combine(CliRunner.TempDir(), "bad"));
            Assert.Equal(2, b.ExitCode);
            Assert.Contains("--max-leap", b.Err);
        }
    }
}
