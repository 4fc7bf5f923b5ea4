using System.Diagnostics;
using ResLab.Tests.Cli;
using ResLab.Tests.Support;

namespace ResLab.Tests.Sweeps;

/// <summary>Each shipped example sweep runs in under a minute, and its report has the plots of every metric.</summary>
public class SweepExampleTests
{
    [Theory]
    [InlineData("escalation-factor")]
    [InlineData("keap1-rate-by-dose")]
    [InlineData("radiation-lhs")]
    public void The_example_runs_in_under_a_minute_and_reports(string name)
    {
        var dir = CliRunner.TempDir();
        var file = Path.Combine(CliRunner.RepoRoot, "examples", "sweeps", name + ".yaml");
        var store = Path.Combine(dir, "store.duckdb");
        var clock = Stopwatch.StartNew();
        var r = CliRunner.Run("sweep", "run", file, "--out", store);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.True(clock.Elapsed.TotalSeconds < 60, $"{name} took {clock.Elapsed.TotalSeconds:0} s");
        var def = ResLab.Sweeps.SweepReader.Load(file);
        Assert.Equal(def.TotalReplicates, SweepFixtures.Rows(store).Count);
        var rep = CliRunner.Run("sweep", "report", store, "--out", Path.Combine(dir, "report"));
        Assert.True(rep.ExitCode == 0, rep.Err);
        var html = File.ReadAllText(Path.Combine(dir, "report", "report.html"));
        foreach (var m in def.Metrics)
        {
            Assert.Contains($">{m.Name}</h2>", html);
            Assert.True(File.Exists(Path.Combine(dir, "report", "plots", m.Name + "-distribution.png")));
            if (def.Parameters.Count > 0) Assert.True(File.Exists(Path.Combine(dir, "report", "plots", m.Name + "-curve.png")));
        }
        var summary = ResLab.Storage.TidyTable.Read(Path.Combine(dir, "report", "summary.csv"));
        Assert.Equal(def.Points.Count, summary.RowCount);
    }
}
