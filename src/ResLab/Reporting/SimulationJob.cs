using System.Text.Json;
using ResLab.Biology;
using ResLab.Protocols;
using ResLab.Simulation;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>Options of <c>reslab simulate</c>.</summary>
public sealed record SimulationJobOptions
{
    public required string Protocol { get; init; }
    /// <summary>An already-read (possibly amended) protocol to run instead of reading <see cref="Protocol"/> (experiments add checkpoints).</summary>
    public Protocol? Loaded { get; init; }
    public required string OutputDirectory { get; init; }
    public SimulationSettings Settings { get; init; } = new();
    public string? CatalogueFile { get; init; }
    public bool Plots { get; init; } = true;
}

public sealed record SimulationJobResult(string OutputDirectory, SimulationResult Result, IReadOnlyList<string> Files);

/// <summary>
/// <c>reslab simulate</c> as one library call: read and validate the protocol, run the replicates, write timeseries.csv,
/// clones.csv, events.csv, snapshots/, run.json (version, seed, input hash), plots and report.html into a directory that
/// appears complete or not at all.
/// </summary>
public static class SimulationJob
{
    public static SimulationJobResult Run(SimulationJobOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var catalogue = o.CatalogueFile is null ? Catalogue.Default : Catalogue.Default.WithUserFile(o.CatalogueFile);
        var protocol = o.Loaded ?? ProtocolReader.Load(o.Protocol, catalogue);
        if (o.CatalogueFile is not null)
            protocol = protocol with { InputHash = Hash(protocol.InputHash + Hash(File.ReadAllText(o.CatalogueFile))) };
        if (o.Settings.Replicates < 1) throw new UserInputException("got " + o.Settings.Replicates + "; expected at least 1 replicate", new InputLocation(Field: "--replicates"));
        var sim = new ResLab.Simulation.Simulation(protocol, o.Settings);
        var result = sim.Run(progress, cancel);
        using var dir = Storage.OutputDirectory.Begin(o.OutputDirectory);
        var files = new List<string>();
        var drugs = result.Replicates.SelectMany(r => r.Series).SelectMany(p => p.Drugs.Keys).Distinct().Where(d => d != "cisplatin").OrderBy(d => d, StringComparer.Ordinal).ToArray();
        files.AddRange(["timeseries.csv", "clones.csv", "clone_sizes.csv", "events.csv"]);
        var snapshots = result.Replicates.SelectMany(r => r.Snapshots.Select(s => (File: $"snapshots/{s.Key}_r{r.Replicate + 1}.json", Pop: s.Value))).ToList();
        files.AddRange(snapshots.Select(s => s.File));
        // the tables are independent files: written beside the resistance readings (each writer on its own task)
        var paths = (Series: dir.File("timeseries.csv"), Clones: dir.File("clones.csv"), Sizes: dir.File("clone_sizes.csv"), Events: dir.File("events.csv"));
        var snapshotPaths = snapshots.Select(s => dir.File(s.File)).ToArray();
        var writers = Task.WhenAll(
            Task.Run(() => WriteSeries(result, drugs, paths.Series)),
            Task.Run(() => WriteClones(result, paths.Clones)),
            Task.Run(() => WriteCloneSizes(result, paths.Sizes)),
            Task.Run(() =>
            {
                WriteEvents(result, paths.Events);
                for (int i = 0; i < snapshots.Count; i++) snapshots[i].Pop.Save(snapshotPaths[i]);
            }));
        var resistance = WriteResistance(result, catalogue, dir.File("resistance.csv")); files.Add("resistance.csv");
        writers.GetAwaiter().GetResult();
        WriteRunInfo(result, dir.File("run.json")); files.Add("run.json");
        var figures = new List<(string Svg, string Caption)>();
        if (o.Plots)
        {
            progress.Tell("plotting", 0, 3);
            figures.Add((PlotStyle.SaveBoth(SimulationPlots.Population(result), dir.File("plots/population")), "Cells (log axis) over time per replicate, with cisplatin concentration and radiation fractions underneath."));
            files.Add("plots/population.png"); files.Add("plots/population.svg");
            figures.Add((PlotStyle.SaveBoth(SimulationPlots.Muller(result.Replicates[0]), dir.File("plots/muller")), "Muller plot of replicate 1: clone frequencies over time (the largest clones; the rest grouped)."));
            files.Add("plots/muller.png"); files.Add("plots/muller.svg");
            figures.Add((PlotStyle.SaveBoth(SimulationPlots.Traits(result), dir.File("plots/traits")), "Population mean of the main traits (log2 fold change from parental) over time, replicate 1."));
            files.Add("plots/traits.png"); files.Add("plots/traits.svg");
            progress.Tell("plotting", 3, 3);
        }
        WriteReport(result, resistance, figures, dir.File("report.html")); files.Add("report.html");
        dir.Commit();
        return new SimulationJobResult(dir.FinalPath, result, files);
    }

    private static string Hash(string s) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s))).ToLowerInvariant();

    private static string F(double v) => NumberFormat.Format(v);

    public static readonly string[] SeriesColumns = ["replicate", "time_h", "cells_total", "cycling", "quiescent", "persister", "doomed", "confluence", "cisplatin_uM", "dose_gy_cumulative", "clones_alive"];

    private static void WriteSeries(SimulationResult r, string[] drugs, string path)
    {
        using var w = new DelimitedWriter(path, SeriesColumns.Concat(drugs.Select(d => d + "_uM")).Concat(Culture.MeanColumns).ToArray());
        foreach (var rep in r.Replicates)
            foreach (var p in rep.Series)
            {
                var cells = new List<string>
                {
                    NumberFormat.Format(rep.Replicate + 1), F(p.TimeHours), NumberFormat.Format(p.Total), NumberFormat.Format(p.Cycling), NumberFormat.Format(p.Quiescent),
                    NumberFormat.Format(p.Persister), NumberFormat.Format(p.Doomed), F(p.Confluence), F(p.Drugs.GetValueOrDefault("cisplatin")), F(p.CumulativeDoseGy),
                    NumberFormat.Format(p.ClonesAlive),
                };
                foreach (var d in drugs) cells.Add(F(p.Drugs.GetValueOrDefault(d)));
                foreach (var m in Culture.MeanColumns) cells.Add(F(p.Means.GetValueOrDefault(m, double.NaN)));
                w.Row(cells);
            }
    }

    /// <summary>Clones that reached the minimum peak, all their ancestors (so the tree is whole) and the clones that
    /// absorbed them by coarse-graining (so every merged_into names a row).</summary>
    public static IEnumerable<CloneRecord> Significant(ReplicateResult rep, long minPeak)
    {
        var byId = rep.Lineage.ToDictionary(c => c.Id);
        var keep = new HashSet<int>();
        var todo = new Stack<CloneRecord>(rep.Lineage.Where(c => c.PeakCount >= minPeak || c.FinalCount >= minPeak));
        while (todo.TryPop(out var c))
        {
            if (!keep.Add(c.Id)) continue;
            if (byId.GetValueOrDefault(c.ParentId) is { } parent) todo.Push(parent);
            if (c.MergedInto is { } m && byId.GetValueOrDefault(m) is { } into) todo.Push(into);
        }
        return rep.Lineage.Where(c => keep.Contains(c.Id));
    }

    private static void WriteClones(SimulationResult r, string path)
    {
        using var w = new DelimitedWriter(path, new[] { "replicate", "clone_id", "parent_id", "born_h", "extinct_h", "genotype", "tag" }
            .Concat(Traits.Keys.Select(k => "log2_" + k)).Concat(["doubling_time_h", "founder_count", "peak_count", "final_count", "merged_into", "merged_h"]).ToArray());
        foreach (var rep in r.Replicates)
            foreach (var c in Significant(rep, r.Settings.Engine.LineageMinPeak))
            {
                var cells = new List<string>
                {
                    NumberFormat.Format(rep.Replicate + 1), NumberFormat.Format(c.Id), NumberFormat.Format(c.ParentId), F(c.BornHours),
                    c.ExtinctHours is { } e ? F(e) : "NA", c.Phenotype.Genotype.ToString(), NumberFormat.Format(c.Phenotype.Tag),
                };
                foreach (var v in c.Log2Traits) cells.Add(F(v));
                cells.Add(F(c.DoublingTimeHours)); cells.Add(NumberFormat.Format(c.FounderCount)); cells.Add(NumberFormat.Format(c.PeakCount)); cells.Add(NumberFormat.Format(c.FinalCount));
                cells.Add(c.MergedInto is { } m ? NumberFormat.Format(m) : "NA"); cells.Add(c.MergedHours is { } mh ? F(mh) : "NA");
                w.Row(cells);
            }
    }

    /// <summary>Long table of clone sizes over time (clones with at least 10^-4 of the cells at that time).</summary>
    private static void WriteCloneSizes(SimulationResult r, string path)
    {
        using var w = new DelimitedWriter(path, ["replicate", "time_h", "clone_id", "count", "fraction"]);
        foreach (var rep in r.Replicates)
            foreach (var p in rep.Series)
                foreach (var cc in p.CloneCounts)
                    w.Row([NumberFormat.Format(rep.Replicate + 1), F(p.TimeHours), NumberFormat.Format(cc.CloneId), NumberFormat.Format(cc.Count),
                        F(p.Total > 0 ? (double)cc.Count / p.Total : 0)]);
    }

    public static readonly string[] ResistanceColumns = ["replicate", "readout", "time_h", "cells_total", "ic50_uM", "ri", "sf2"];

    /// <summary>
    /// The resistance readout (Assays/ResistanceReadout: the standard 72 h cisplatin assay, noise-free) of every saved
    /// snapshot and of each replicate's population at the end ("end", when no readout saved it), with the parental
    /// line as the first row (replicate 0).
    /// </summary>
    /// <summary>The resistance at the end of each replicate (its last reading) and the parental IC50, for the report.</summary>
    private sealed record ResistanceSummary(double ParentalIc50, IReadOnlyDictionary<int, ResLab.Assays.ResistanceReading> End);

    private static ResistanceSummary WriteResistance(SimulationResult r, Catalogue catalogue, string path)
    {
        var end = new Dictionary<int, ResLab.Assays.ResistanceReading>();
        var readout = new ResLab.Assays.ResistanceReadout(r.Protocol.Line, catalogue);
        double parental = readout.ParentalIc50;
        // the readings of the replicates are independent (and were ~2.4 s of a 100-replicate run after the simulation,
        // on one core): computed in parallel, each worker with its own readout (its caches are not shared), written in
        // replicate order
        var readings = new (string Name, Population Pop, double Ic50, double Sf2)[r.Replicates.Count][];
        Parallel.For(0, r.Replicates.Count, new ParallelOptions { MaxDegreeOfParallelism = r.Settings.Threads ?? -1 },
            () => new ResLab.Assays.ResistanceReadout(r.Protocol.Line, catalogue, parentalIc50: parental),
            (i, _, ro) =>
            {
                var rep = r.Replicates[i];
                var pops = rep.Snapshots.OrderBy(s => s.Value.TimeHours).Select(s => (s.Key, s.Value)).ToList();
                // the population at the end of the run, unless a readout already saved it
                if (!rep.Snapshots.Values.Any(s => s.TimeHours == rep.Final.TimeHours && s.Total == rep.Final.Total)) pops.Add(("end", rep.Final));
                readings[i] = pops.Select(x => (x.Key, x.Value, x.Value.Total > 0 ? ro.Ic50(x.Value, parental) : double.NaN, ro.Sf2(x.Value))).ToArray();
                return ro;
            },
            _ => { });
        using var w = new DelimitedWriter(path, ResistanceColumns);
        w.Row(["0", "parental", "0", F(double.NaN), F(parental), "1", F(readout.Sf2(Population.Seed(r.Protocol.Line, 1_000_000)))]);
        for (int i = 0; i < r.Replicates.Count; i++)
        {
            var rep = r.Replicates[i];
            foreach (var (name, pop, ic, sf2) in readings[i])
            {
                w.Row([NumberFormat.Format(rep.Replicate + 1), name, F(pop.TimeHours), NumberFormat.Format(pop.Total), F(ic), F(ic / parental), F(sf2)]);
                end[rep.Replicate] = new ResLab.Assays.ResistanceReading(ic, ic / parental, sf2);
            }
        }
        return new ResistanceSummary(parental, end);
    }

    private static void WriteEvents(SimulationResult r, string path)
    {
        using var w = new DelimitedWriter(path, ["replicate", "time_h", "event", "detail", "value"]);
        foreach (var rep in r.Replicates)
            foreach (var e in rep.Events)
                w.Row([NumberFormat.Format(rep.Replicate + 1), F(e.TimeHours), e.Kind, e.Detail, F(e.Value)]);
    }

    private static void WriteRunInfo(SimulationResult r, string path)
    {
        var info = new
        {
            reslab_version = VersionInfo.Version,
            protocol = r.Protocol.Name,
            protocol_file = r.Protocol.SourceFile is null ? null : Path.GetFileName(r.Protocol.SourceFile),
            input_sha256 = r.Protocol.InputHash,
            seed = r.Settings.Seed,
            replicates = r.Settings.Replicates,
            size_scale = r.Settings.SizeScale,
            duration_scale = r.Settings.DurationScale,
            cell_line = r.Protocol.Line.Name,
            steps = new { max_step_h = r.Settings.Engine.MaxStep, max_leap_h = Math.Max(r.Settings.Engine.MaxLeap, r.Settings.Engine.MaxStep), leap_tolerance = r.Settings.Engine.LeapTolerance },
            coarse_graining = r.Settings.Engine.CoarseGraining is { Enabled: true } cg
                ? new { enabled = true, max_clones = cg.MaxClones, retain = cg.Retain, max_share = cg.MaxShare, max_distance = cg.MaxDistance, every_h = cg.Every }
                : new { enabled = false, max_clones = 0, retain = 0.0, max_share = 0.0, max_distance = 0.0, every_h = 0.0 },
            outcomes = r.Replicates.Select(x => new { replicate = x.Replicate + 1, outcome = x.Outcome.ToString().ToLowerInvariant(), reason = x.StopReason, final_cells = x.Final.Total, final_time_h = x.Final.TimeHours }).ToArray(),
        };
        AtomicFile.WriteText(path, JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static void WriteReport(SimulationResult r, ResistanceSummary resistance, List<(string Svg, string Caption)> figures, string path)
    {
        var rep = new HtmlReport($"Simulation: {r.Protocol.Name}");
        rep.Heading("Summary");
        rep.Paragraph($"{r.Protocol.Line.Name}, {r.Settings.Replicates} replicate(s), seed {r.Settings.Seed}, ResLab {VersionInfo.Version}, protocol SHA-256 {r.Protocol.InputHash[..16]}….");
        if (r.Protocol.Description.Length > 0) rep.Paragraph(r.Protocol.Description);
        rep.Paragraph($"Resistance at the end (resistance.csv): cisplatin IC50 in a noise-free 72 h assay relative to the parental line's {NumberFormat.Pretty(resistance.ParentalIc50)} µM (RI), and the clonogenic surviving fraction at 2 Gy (SF2).");
        rep.Table(["replicate", "outcome", "final time (days)", "final cells", "clones alive", "cumulative dose (Gy)", "mean log2 NRF2", "mean GSH (mM)", "mean doubling time (h)", "RI", "SF2"],
            r.Replicates.Select(x =>
            {
                var last = x.Series.Count > 0 ? x.Series[^1] : null;
                return (IReadOnlyList<string>)[(x.Replicate + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), x.Outcome.ToString().ToLowerInvariant() + (x.StopReason.Length > 0 ? $" ({x.StopReason})" : ""),
                    NumberFormat.Pretty(x.Final.TimeHours / 24), x.Final.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    (last?.ClonesAlive ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), NumberFormat.Pretty(last?.CumulativeDoseGy ?? 0),
                    NumberFormat.Pretty(last?.Means.GetValueOrDefault("mean_log2_nrf2", double.NaN) ?? double.NaN), NumberFormat.Pretty(last?.Means.GetValueOrDefault("mean_gsh_mM", double.NaN) ?? double.NaN),
                    NumberFormat.Pretty(last?.Means.GetValueOrDefault("mean_doubling_time_h", double.NaN) ?? double.NaN),
                    NumberFormat.Pretty(resistance.End.TryGetValue(x.Replicate, out var e) ? e.Ri : double.NaN), NumberFormat.Pretty(resistance.End.TryGetValue(x.Replicate, out var e2) ? e2.Sf2 : double.NaN)];
            }));
        rep.Heading("Figures");
        foreach (var (svg, caption) in figures) rep.SvgFigure(svg, caption);
        rep.Heading("Largest clones at the end (replicate 1)");
        var first = r.Replicates[0];
        rep.Table(["clone", "parent", "born (day)", "genotype", "log2 NRF2", "log2 apoptosis threshold", "doubling time (h)", "final cells"],
            first.Lineage.Where(c => c.FinalCount > 0).OrderByDescending(c => c.FinalCount).Take(15).Select(c => (IReadOnlyList<string>)[
                c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), c.ParentId.ToString(System.Globalization.CultureInfo.InvariantCulture), NumberFormat.Pretty(c.BornHours / 24),
                c.Phenotype.ToString(), NumberFormat.Pretty(c.Log2Traits[(int)Trait.Nrf2]), NumberFormat.Pretty(c.Log2Traits[(int)Trait.Apoptosis]),
                NumberFormat.Pretty(c.DoublingTimeHours), c.FinalCount.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        rep.Heading("Methods");
        rep.Paragraph("Clone-level stochastic simulation (docs/model.md): per clone, the intracellular cisplatin/glutathione/ROS ODEs (exponential predictor–corrector), " +
                      "exact birth–death transitions per cell state with Strang-split state switching (event-by-event for small clones), mutation, copy gains and epigenetic drift at division, " +
                      "linear–quadratic radiation with oxygen, GSH and DSB-repair modifiers, passaging by multivariate hypergeometric sampling. Random numbers: Philox4x64-10 streams keyed by (seed, replicate, purpose, clone, step).");
        rep.Save(path);
    }
}
