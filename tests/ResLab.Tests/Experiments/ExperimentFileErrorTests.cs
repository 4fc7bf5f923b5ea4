using ResLab.Tests.Cli;

namespace ResLab.Tests.Experiments;

/// <summary>Mistakes in experiment files: a message with file, line and field, exit code 2, no stack trace, nothing written.</summary>
public class ExperimentFileErrorTests
{
    private static (CliRunner.Result Result, string Out) RunText(string yaml)
    {
        var dir = CliRunner.TempDir();
        var file = Path.Combine(dir, "e.yaml");
        File.WriteAllText(file, yaml);
        var outDir = Path.Combine(dir, "out");
        return (CliRunner.Run("experiment", file, "--out", outDir), outDir);
    }

    [Theory]
    [InlineData("cell_line: CAL27\nassays:\n  - on: parental\n    mtt: { drug: cisplatin }\nsed: 3\n", "e.yaml:5:", "unknown key 'sed'", "did you mean 'seed'")]
    [InlineData("cell_line: CAL27\nassays:\n  - on: [parentl]\n    mtt: {}\n", "e.yaml:3:", "unknown sample 'parentl'", "parental")]
    [InlineData("cell_line: CAL27\nassays:\n  - on: parental\n    mtt: { exposure: 5 uM }\n", "e.yaml:4:", "assays[0].mtt.exposure", "5 uM")]
    [InlineData("cell_line: CAL27\nassays:\n  - on: parental\n    mtt: {}\n    gsh: {}\n", "e.yaml:3:", "exactly one kind", "found 2")]
    [InlineData("cell_line: CAL27\npopulations:\n  x: { mutations: [KEAP2] }\nassays:\n  - on: x\n    gsh: {}\n", "e.yaml:3:", "KEAP2", "KEAP1")]
    [InlineData("cell_line: CAL27\nassays:\n  - on: parental\n    clonogenic: { doses: [0 Gy, 2 Gy], concentrations: [1 uM] }\n", "e.yaml:4:", "concentrations", "not both")]
    [InlineData("cell_line: CAL28\nassays:\n  - on: parental\n    gsh: {}\n", "e.yaml:1:", "CAL28", "CAL27")]
    [InlineData("cell_line: CAL27\nassays:\n  - on: parental\n    gsh: {}\nwashout: 5 uM\n", "e.yaml:5:", "washout", "5 uM")]
    [InlineData("cell_line: CAL27\nassays:\n  - on: parental\n    gsh: {}\nwashout: 13 months\n", "e.yaml:5:", "washout", "between 0 days and 1 year")]
    public void Mistakes_are_user_errors_with_their_position(string yaml, string line, string what, string hint)
    {
        var (r, outDir) = RunText(yaml);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(line, r.Err);
        Assert.Contains(what, r.Err);
        Assert.Contains(hint, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(Directory.Exists(outDir));
    }
}
