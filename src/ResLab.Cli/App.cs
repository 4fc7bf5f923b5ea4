using System.CommandLine;
using ResLab.Cli.Commands;

namespace ResLab.Cli;

/// <summary>The `reslab` command tree. Each command lives in Commands/ and only parses, calls the library and prints.</summary>
public static class App
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "ResLab: simulate and analyse how head and neck cancer cells become resistant to cisplatin and radiation.");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(UnitsCommand.Create());
        root.Subcommands.Add(DoseResponseCommand.Create());
        root.Subcommands.Add(GrCommand.Create());
        root.Subcommands.Add(SimulateCommand.Create());
        root.Subcommands.Add(CatalogueCommand.Create());
        root.Subcommands.Add(ClonogenicCommand.Create());
        root.Subcommands.Add(SynergyCommand.Create());
        root.Subcommands.Add(ScreenCommand.Create());
        root.Subcommands.Add(SweepCommand.Create());
        root.Subcommands.Add(StoreCommand.Create());
        root.Subcommands.Add(AssayCommand.Create());
        root.Subcommands.Add(ExperimentCommand.Create());
        return root;
    }

    /// <summary>
    /// Runs the command line. Exit codes: 0 success, 2 user error (bad option, bad input file), 1 internal error
    /// (a bug: printed with its stack trace), 130 cancelled.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) stderr.WriteLine($"error: {e.Message}");
            var cmd = parse.CommandResult.Command;
            stderr.WriteLine($"Run '{CommandPath(cmd, parse)} --help' for usage.");
            return ExitCodes.UserError;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(config);
        }
        catch (UserInputException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            return ExitCodes.UserError;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error (a bug in ResLab {VersionInfo.Version}; please report it with this text):");
            stderr.WriteLine(e.ToString());
            return ExitCodes.InternalError;
        }
    }

    private static string CommandPath(Command cmd, ParseResult parse)
    {
        var names = new List<string>();
        for (var r = parse.CommandResult; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, r.Command is RootCommand ? "reslab" : r.Command.Name);
        return names.Count > 0 ? string.Join(' ', names) : cmd.Name;
    }
}

public static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int UserError = 2;
    public const int Cancelled = 130;
}
