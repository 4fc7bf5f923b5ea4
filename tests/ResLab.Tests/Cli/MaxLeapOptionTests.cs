namespace ResLab.Tests.Cli;

/// <summary>`reslab simulate --max-leap H`: the longest adaptive step (1 = fixed 1-h steps), recorded in run.json.</summary>
public class MaxLeapOptionTests
{
    [Fact]
    public void The_longest_leap_is_an_option_recorded_in_run_json()
    {
        var protocol = Path.Combine(CliRunner.RepoRoot, "examples/protocols/cisplatin-escalation-1-to-25uM.yaml");
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
