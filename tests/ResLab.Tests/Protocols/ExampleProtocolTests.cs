using ResLab.Protocols;
using ResLab.Simulation;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Protocols;

/// <summary>Every shipped protocol reads and runs (at a reduced flask size and duration: the files are the real protocols).</summary>
public class ExampleProtocolTests
{
    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "examples/protocols"), "*.yaml").Concat(Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "examples/validation"), "*.yaml"))
            .OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { Path.GetRelativePath(CliRunner.RepoRoot, f) });

    [Theory]
    [MemberData(nameof(Files))]
    public void Example_runs(string file)
    {
        var p = ProtocolReader.Load(Path.Combine(CliRunner.RepoRoot, file));
        var r = new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = 1, SizeScale = 0.01, DurationScale = 0.2 }).Run();
        var rep = r.Replicates[0];
        Assert.NotEmpty(rep.Series);
        Assert.True(rep.Outcome is Outcome.Completed or Outcome.Extinct or Outcome.Stopped);
        Assert.All(rep.Series, s => Assert.True(s.Total >= 0 && s.CumulativeDoseGy >= 0 && s.Drugs.Values.All(v => v >= 0)));
    }
}
