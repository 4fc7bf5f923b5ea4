namespace ResLab.Tests.Cli;

/// <summary>`reslab simulate --clone-budget N`: the coarse-graining budget (0 = off), recorded in run.json.</summary>
public class CloneBudgetOptionTests
{
    [Fact]
    public void The_clone_budget_is_an_option_recorded_in_run_json()
    {
        var protocol = Path.Combine(CliRunner.RepoRoot, "examples/protocols/cisplatin-escalation-1-to-25uM.yaml");
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
}
