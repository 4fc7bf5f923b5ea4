using ResLab.Experiments;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Experiments;

/// <summary>An experiment's `cell_line` and its protocol's `overrides:`: kept when the lines agree, an error when they do not.</summary>
public class ExperimentProtocolLineTests
{
    private static string Write(string dir, string name, string text)
    {
        var f = Path.Combine(dir, name);
        File.WriteAllText(f, text);
        return f;
    }

    private const string Protocol = "name: p\ncell_line: CAL27\noverrides:\n  parameters: { doubling_time: 50 h }\nflask: { capacity: 1e6 cells, seeding: 1e5 cells }\nduration: 2 days\nschedule:\n  - at: 1 day\n    change_medium: true\nreadouts:\n  - { name: final, at: end }\n";

    [Fact]
    public void The_protocols_overrides_stay_when_the_experiment_names_the_same_line()
    {
        var dir = CliRunner.TempDir();
        Write(dir, "p.yaml", Protocol);
        var e = ExperimentReader.Load(Write(dir, "e.yaml", "protocol: p.yaml\ncell_line: cal27\nassays:\n  - on: final\n    gsh: {}\n"));
        Assert.Equal(50, e.Line.Parameters["doubling_time"]);
    }

    [Fact]
    public void Naming_another_line_than_a_protocol_with_overrides_is_a_user_error()
    {
        var dir = CliRunner.TempDir();
        Write(dir, "p.yaml", Protocol);
        var file = Write(dir, "e.yaml", "protocol: p.yaml\ncell_line: FaDu\nassays:\n  - on: final\n    gsh: {}\n");
        var r = CliRunner.Run("experiment", file, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("e.yaml:2:", r.Err);
        Assert.Contains("would silently drop them", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }
}
