using ResLab.Cli;

namespace ResLab.Tests.Cli;

/// <summary>Runs the `reslab` command in-process and captures its exit code and output.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = App.Run(args, o, e);
        return new Result(code, o.ToString(), e.ToString());
    }

    /// <summary>The repository root (where ResLab.slnx is), for shipped examples and fixtures.</summary>
    public static string RepoRoot
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d is not null && !File.Exists(Path.Combine(d.FullName, "ResLab.slnx"))) d = d.Parent;
            return d?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string TempDir()
    {
        var p = Path.Combine(Path.GetTempPath(), "reslab-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(p);
        return p;
    }
}
