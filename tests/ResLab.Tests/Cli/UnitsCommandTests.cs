namespace ResLab.Tests.Cli;

public class UnitsCommandTests
{
    [Fact]
    public void Prints_canonical_units()
    {
        var r = CliRunner.Run("units", "5 mg/L", "6 weeks");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("16.6639 µM", r.Out);
        Assert.Contains("1008 h", r.Out);
    }

    [Fact]
    public void User_errors_exit_2_without_stack_trace()
    {
        var r = CliRunner.Run("units", "25 uG");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error:", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        var p = CliRunner.Run("no-such-command");
        Assert.Equal(2, p.ExitCode);
    }
}
