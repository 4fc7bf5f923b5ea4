using System.CommandLine;
using ResLab.Reporting;
using ResLab.Simulation;

namespace ResLab.Cli.Commands;

/// <summary>`reslab simulate PROTOCOL`: runs a protocol file on its cell line and writes series, clones, events, snapshots, plots, report.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var protocol = new Argument<string>("protocol") { Description = "Protocol file (YAML; see docs/protocols.md and examples/protocols/)." };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (the protocol and seed fully determine the result).", DefaultValueFactory = _ => 1 };
        var reps = new Option<int>("--replicates", "-r") { Description = "Independent replicate flasks.", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores; results do not depend on it)." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (written completely or not at all).", Required = true };
        var catalogue = new Option<string?>("--catalogue") { Description = CatalogueHelp.Text };
        var scale = new Option<double>("--scale") { Description = "Scale the flask (capacity and seeding) for a quick run, e.g. 0.01.", DefaultValueFactory = _ => 1 };
        var timeScale = new Option<double>("--time-scale") { Description = "Scale the protocol's duration for a quick run, e.g. 0.25.", DefaultValueFactory = _ => 1 };
        var noPlots = new Option<bool>("--no-plots") { Description = "Skip the PNG/SVG plots." };
        var budget = new Option<int>("--clone-budget")
        {
            Description = "Clone coarse-graining budget (clones alive before minor drift/copy-gain clones are merged; see docs/model.md); 0 simulates every phenotype (cost then grows with the cell number).",
            DefaultValueFactory = _ => new CoarseGraining().MaxClones,
        };
        var maxLeap = new Option<double>("--max-leap")
        {
            Description = "Longest adaptive step in drug-free medium, in hours (see docs/model.md, \"Adaptive steps\"); 1 gives fixed 1-h steps throughout.",
            DefaultValueFactory = _ => new EngineSettings().MaxLeap,
        };
        var cmd = new Command("simulate", "Simulate a protocol: HNSCC clones acquiring cisplatin/radiation resistance in a flask; writes timeseries.csv, clones.csv, events.csv, snapshots/, plots and report.html.")
        {
            protocol, seed, reps, threads, outDir, catalogue, scale, timeScale, noPlots, budget, maxLeap,
        };
        cmd.SetAction(pr =>
        {
            double sc = pr.GetValue(scale), ts = pr.GetValue(timeScale);
            if (!(sc > 0) || sc > 1e6) throw UserInputException.Invalid(new InputLocation(Field: "--scale"), sc.ToString(System.Globalization.CultureInfo.InvariantCulture), "a positive factor");
            if (!(ts > 0) || ts > 1) throw UserInputException.Invalid(new InputLocation(Field: "--time-scale"), ts.ToString(System.Globalization.CultureInfo.InvariantCulture), "a factor in (0, 1]");
            int b = pr.GetValue(budget);
            if (b < 0) throw UserInputException.Invalid(new InputLocation(Field: "--clone-budget"), b.ToString(System.Globalization.CultureInfo.InvariantCulture), "0 (off) or a number of clones");
            double leap = pr.GetValue(maxLeap);
            if (!(leap >= 1) || leap > 24) throw UserInputException.Invalid(new InputLocation(Field: "--max-leap"), leap.ToString(System.Globalization.CultureInfo.InvariantCulture), "hours from 1 (fixed 1-h steps) to 24");
            var engine = new EngineSettings { CoarseGraining = b == 0 ? CoarseGraining.Off : new CoarseGraining { MaxClones = b }, MaxLeap = leap };
            if (pr.GetValue(threads) is { } t && t < 1) throw UserInputException.Invalid(new InputLocation(Field: "--threads"), t.ToString(System.Globalization.CultureInfo.InvariantCulture), "at least 1");
            var options = new SimulationJobOptions
            {
                Protocol = pr.GetValue(protocol)!,
                OutputDirectory = pr.GetValue(outDir)!,
                CatalogueFile = pr.GetValue(catalogue),
                Plots = !pr.GetValue(noPlots),
                Settings = new SimulationSettings { Seed = pr.GetValue(seed), Replicates = pr.GetValue(reps), Threads = pr.GetValue(threads), SizeScale = sc, DurationScale = ts, Engine = engine },
            };
            var err = pr.InvocationConfiguration.Error;
            using var progress = new ConsoleProgress(err);
            var result = SimulationJob.Run(options, progress);
            var o = pr.InvocationConfiguration.Output;
            foreach (var r in result.Result.Replicates)
                o.WriteLine($"replicate {r.Replicate + 1}: {r.Outcome.ToString().ToLowerInvariant()}{(r.StopReason.Length > 0 ? $" ({r.StopReason})" : "")} at day {r.Final.TimeHours / 24:0.#}, {r.Final.Total} cells, {r.Final.Clones.Count} clones");
            o.WriteLine($"Wrote {result.OutputDirectory}/ ({string.Join(", ", result.Files.Where(f => !f.Contains('/')))}, snapshots/, plots/).");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
