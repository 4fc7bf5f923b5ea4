using System.Globalization;
using ResLab.Analysis.Clonogenic;
using ResLab.Analysis.DoseResponse;
using ResLab.Assays;
using ResLab.Biology;
using ResLab.Experiments;
using ResLab.Model;
using ResLab.Simulation;
using ResLab.Storage;
using AssayClonogenic = ResLab.Assays.ClonogenicOptions;
using Experiment = ResLab.Experiments.Experiment;

namespace ResLab.Reporting;

/// <summary>
/// <c>reslab experiment FILE</c>: runs the protocol (through <see cref="SimulationJob"/>), every assay on its
/// samples, the analyses (LL.4 IC50 and resistance index with CIs, LQ α, β, SF2, D10 and DMFs, GR metrics, cell-state
/// means, stability ratios) and writes results.csv plus one self-contained report.html. The output directory
/// appears complete or not at all.
/// </summary>
public static class ExperimentJob
{
    /// <param name="CatalogueFile">A user catalogue (lines, drugs, model defaults) for the protocol, the populations and every assay.</param>
    public sealed record Options(string File, string OutputDirectory, bool Quick = false, int? Threads = null, string? CatalogueFile = null);

    /// <summary>One analysed number: which assay, which sample, what and its 95 % CI (NaN where none).</summary>
    public sealed record ResultRow(string Assay, string Kind, string Sample, double TimeDays, string Metric, double Estimate, double Lower, double Upper, string Note = "");

    public sealed record Result(string OutputDirectory, Experiment Experiment, IReadOnlyList<ResultRow> Rows, IReadOnlyList<string> Notes, TimeSpan Elapsed);

    public static Result Run(Options o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cat = o.CatalogueFile is null ? Catalogue.Default : Catalogue.Default.WithUserFile(o.CatalogueFile);
        var ex = ExperimentReader.Load(o.File, cat);
        using var dir = OutputDirectory.Begin(o.OutputDirectory);
        var report = new HtmlReport($"ResLab experiment: {ex.Name}");
        report.Heading("Experiment");
        if (ex.Description.Length > 0) report.Paragraph(ex.Description);
        report.Paragraph($"File {Path.GetFileName(ex.File)}; cell line {ex.Line.Name}; seed {ex.Seed}; reference sample '{ex.Reference}'" +
                         (o.Quick ? $"; quick run (flask × {ex.QuickScale:G3}, duration × {ex.QuickTimeScale:G3})" : "") +
                         (o.CatalogueFile is null ? "." : $"; user catalogue {Path.GetFileName(o.CatalogueFile)}."));
        ReplicateResult? rep = null;
        SimulationResult? simResult = null;
        if (ex.Protocol is not null)
        {
            var sim = SimulationJob.Run(new SimulationJobOptions { Protocol = ex.ProtocolPath!, Loaded = QuickProtocol(ex, o.Quick), OutputDirectory = Path.Combine(dir.Path, "simulation"), Settings = ProtocolSettings(ex, o.Quick, o.Threads), CatalogueFile = o.CatalogueFile }, progress, cancel);
            simResult = sim.Result;
            rep = sim.Result.Replicates[0];
        }
        var (rows, notes) = Analyse(ex, cat, o.Quick, dir.Path, rep, simResult, report, progress, cancel);
        WriteRows(rows, dir.File("results.csv"));
        report.Heading("Results");
        report.Table(["assay", "sample", "day", "metric", "estimate", "95 % CI", "note"],
            rows.Select(r => (IReadOnlyList<string>)[r.Assay, r.Sample, F(r.TimeDays), r.Metric, F(r.Estimate), double.IsNaN(r.Lower) ? "" : $"{F(r.Lower)}–{F(r.Upper)}", r.Note]), "Every analysed number (results.csv).");
        if (notes.Count > 0) { report.Heading("Notes"); foreach (var n in notes) report.Note(n); }
        report.Save(dir.File("report.html"));
        dir.Commit();
        return new Result(dir.FinalPath, ex, rows, notes, clock.Elapsed);
    }

    /// <summary>The settings of the experiment's protocol run: its seed, replicate 0, the quick run's size and duration scales.</summary>
    public static SimulationSettings ProtocolSettings(Experiment ex, bool quick, int? threads = null) => new()
    {
        Seed = ex.Seed, Replicates = 1, Threads = threads,
        SizeScale = quick ? ex.QuickScale : 1, DurationScale = quick ? ex.QuickTimeScale : 1,
    };

    /// <summary>The experiment's protocol as run: in a quick run, its readout times scaled with its duration.</summary>
    public static ResLab.Protocols.Protocol QuickProtocol(Experiment ex, bool quick)
    {
        var protocol = ex.Protocol ?? throw new InvalidOperationException("the experiment has no protocol");
        if (quick && ex.QuickTimeScale != 1)
            protocol = protocol with { Readouts = protocol.Readouts.Select(r => r.At is { } at ? r with { At = at * ex.QuickTimeScale } : r).ToList() };
        return protocol;
    }

    /// <summary>
    /// Everything after the protocol run: the derived populations, the washout, every assay and its analysis, as result
    /// rows and notes. The assays' raw tables go under <paramref name="workDirectory"/>; <paramref name="report"/> (null:
    /// none, no figures drawn) receives the sections. <paramref name="protocolRun"/> is replicate 0 of the experiment's
    /// protocol (<see cref="ProtocolSettings"/>, <see cref="QuickProtocol"/>); null when it has none.
    /// </summary>
    public static (List<ResultRow> Rows, List<string> Notes) Analyse(Experiment ex, Catalogue cat, bool quick, string workDirectory, ReplicateResult? protocolRun,
        SimulationResult? simulation, HtmlReport? report, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var rows = new List<ResultRow>();
        var notes = new List<string>();
        var samples = new Dictionary<string, Population>(StringComparer.Ordinal) { ["parental"] = Population.Seed(ex.Line, 1_000_000) };
        foreach (var (k, v) in ex.Populations) samples[k] = v;
        if (ex.Protocol is not null && protocolRun is not null)
        {
            var rep = protocolRun;
            foreach (var (k, v) in rep.Snapshots) if (v.Total > 0) samples[k] = v;
            report?.Heading("Protocol");
            report?.Paragraph($"{ex.Protocol.Name}: {rep.Outcome.ToString().ToLowerInvariant()}{(rep.StopReason.Length > 0 ? $" ({rep.StopReason})" : "")} at day {rep.Final.TimeHours / 24:0.#}, " +
                             $"{rep.Final.Total} cells in {rep.Final.Clones.Count} clones. Full simulation output: <simulation/>.");
            if (simulation is not null)
            {
                report?.SvgFigure(PlotStyle.Svg(SimulationPlots.Population(simulation)), "Population history: cells per state over time.");
                report?.SvgFigure(PlotStyle.Svg(SimulationPlots.Muller(rep)), "Clone frequencies (Muller plot) of the largest clones.");
                report?.SvgFigure(PlotStyle.Svg(SimulationPlots.Traits(simulation)), "Trait shifts: population means of the log2 traits over time (NRF2, efflux, apoptosis threshold, repair, EMT …).");
            }
            report?.Table(["sample", "day", "cells", "clones", "KEAP1/NFE2L2/CUL3 share", "mean log2 NRF2", "mean doubling time (h)"],
                samples.Where(s => s.Key != "parental").Select(s => (IReadOnlyList<string>)[s.Key, F(s.Value.TimeHours / 24), s.Value.Total.ToString(CultureInfo.InvariantCulture),
                    s.Value.Clones.Count.ToString(CultureInfo.InvariantCulture), F(Nrf2Share(s.Value)), F(s.Value.MeanLog2(Biology.Trait.Nrf2)), F(DoublingTime(s.Value))]),
                "The derived populations at the protocol's readouts.");
        }
        foreach (var (name, (prot, readout)) in ex.Derived)
        {
            // a second derivation (e.g. the radio-resistant line of a cross-resistance table): run, keep the readout
            var settings = new SimulationSettings { Seed = ex.Seed, SizeScale = quick ? ex.QuickScale : 1, DurationScale = quick ? ex.QuickTimeScale : 1 };
            var rep = new ResLab.Simulation.Simulation(prot, settings).RunReplicate(0, cancel: cancel);
            if (rep.Snapshots.TryGetValue(readout, out var snap) && snap.Total > 0) samples[name] = snap;
            report?.Paragraph($"Population '{name}': readout '{readout}' of {prot.Name} ({rep.Outcome.ToString().ToLowerInvariant()} at day {rep.Final.TimeHours / 24:0.#}).");
        }
        if (ex.WashoutHours > 0)
        {
            // the lab grows each derived line out of the drug before assaying it (acute damage and persisters wash out)
            ulong wi = 0;
            foreach (var k in samples.Keys.Where(k => k != "parental" && !ex.Populations.ContainsKey(k)).ToList())
            {
                var washed = StabilityAssay.CultureDrugFree(samples[k], new StabilityOptions { Weeks = ex.WashoutHours / (7 * 24), Seed = ex.Seed + 500 + wi++ }, cat);
                if (washed.Total > 0) samples[k] = washed;
                else { samples.Remove(k); notes.Add($"sample '{k}' died out during the drug-free washout"); }
            }
            report?.Paragraph($"Every derived sample was cultured drug-free for {ex.WashoutHours / 24:G4} days (passaged at 80 % confluence) before its assays; its assay day is the day after the washout.");
        }
        var missing = ex.Assays.SelectMany(a => a.On).Distinct().Where(s => !samples.ContainsKey(s)).ToList();
        foreach (var m in missing) notes.Add($"sample '{m}' was not reached (the population died out or the readout lies beyond the {(quick ? "quick run's " : "")}end); its assays are skipped");
        foreach (var s in samples.Where(s => s.Key != "parental" || ex.Assays.Any(a => a.On.Contains("parental"))))
        {
            rows.Add(new ResultRow("population", "population", s.Key, s.Value.TimeHours / 24, "doubling_time_h", DoublingTime(s.Value), double.NaN, double.NaN));
            rows.Add(new ResultRow("population", "population", s.Key, s.Value.TimeHours / 24, "nrf2_mutant_share", Nrf2Share(s.Value), double.NaN, double.NaN, "share of cells with KEAP1 loss, NFE2L2 gain or CUL3 loss"));
        }

        int stepNo = 0;
        var alone = new Dictionary<(string, double), EffectiveDose>();
        foreach (var step in ex.Assays)
        {
            cancel.ThrowIfCancellationRequested();
            progress.Tell("assays", stepNo++, ex.Assays.Count);
            var present = step.On.Where(samples.ContainsKey).Select(s => new AssaySample(s, samples[s], step.With)).ToList();
            if (present.Count == 0) continue;
            string sub = Path.Combine(workDirectory, "assays", step.Id);
            Directory.CreateDirectory(sub);
            report?.Heading($"Assay {step.Id}: {Describe(step)}");
            var mtt = new MttOptions
            {
                Drug = step.Drug, Seed = ex.Seed + (ulong)stepNo * 1000, ExposureHours = [step.ExposureHours],
                Concentrations = step.Concentrations ?? new MttOptions().Concentrations,
            };
            switch (step.Kind)
            {
                case AssayKind.Mtt:
                    {
                        var plates = MttAssay.Run(present, mtt, sub, cat);
                        var fits = FitPlates(plates);
                        AddIc50Rows(step, fits, samples, ex.Reference, rows, report, "IC50");
                        var key = (step.Drug, step.ExposureHours);
                        if (step.With.Count == 0 && fits.FirstOrDefault(f => f.Sample == ex.Reference) is { } rf && rf.Fit.Converged) alone[key] = rf.Fit.Ic50();
                        else if (step.With.Count > 0 && alone.TryGetValue(key, out var r0))
                            foreach (var f in fits.Where(f => f.Fit.Converged))
                            {
                                // the shift that matters for reversal: against the reference line given the drug alone
                                var ic = f.Fit.Ic50();
                                double ratio = ic.Estimate / r0.Estimate, se = Math.Sqrt(Sq(ic.StandardError / ic.Estimate) + Sq(r0.StandardError / r0.Estimate));
                                rows.Add(new ResultRow(step.Id, "mtt", f.Sample, samples[f.Sample].TimeHours / 24, "ic50_shift_vs_reference_alone", ratio, ratio * Math.Exp(-1.96 * se), ratio * Math.Exp(1.96 * se), $"vs {ex.Reference} with {step.Drug} alone"));
                            }
                        try
                        {
                            if (report is not null) GrJob.Run(new GrJob.Options(Path.Combine(sub, "cell_counts.csv"), Path.Combine(sub, "gr")));
                            else
                            {
                                // without a report, only the metrics table the rows are read from (the same writer as GrJob's)
                                var data = Analysis.GrMetrics.GrInput.Read(Path.Combine(sub, "cell_counts.csv"), null);
                                Directory.CreateDirectory(Path.Combine(sub, "gr"));
                                Analysis.GrMetrics.GrAnalysis.WriteMetrics(data, Analysis.GrMetrics.GrAnalysis.Metrics(data, false), Path.Combine(sub, "gr", "gr_metrics.csv"));
                            }
                            var gm = TidyTable.Read(Path.Combine(sub, "gr", "gr_metrics.csv"));
                            int gl = gm.Require("cell_line"), g50 = gm.Require("GR50"), gmax = gm.Require("GRmax");
                            var grTable = new List<IReadOnlyList<string>>();
                            for (int i = 0; i < gm.RowCount; i++)
                            {
                                string name = gm.Cell(i, gl);
                                if (!samples.ContainsKey(name)) continue;
                                double v50 = double.TryParse(gm.Cell(i, g50), NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a : double.NaN;
                                double vmax = double.TryParse(gm.Cell(i, gmax), NumberStyles.Float, CultureInfo.InvariantCulture, out var b) ? b : double.NaN;
                                rows.Add(new ResultRow(step.Id, "mtt", name, samples[name].TimeHours / 24, "gr50_uM", v50, double.NaN, double.NaN, "GR metrics (Hafner et al. 2016) of the counted wells"));
                                rows.Add(new ResultRow(step.Id, "mtt", name, samples[name].TimeHours / 24, "grmax", vmax, double.NaN, double.NaN));
                                grTable.Add([name, F(v50), F(vmax)]);
                            }
                            report?.Table(["sample", "GR50 (µM)", "GRmax"], grTable, $"GR metrics of the same wells counted (GRmetrics' method; full output assays/{step.Id}/gr/report?.html).");
                        }
                        catch (UserInputException e) { notes.Add($"{step.Id}: GR metrics not computed: {e.Message}"); }
                        break;
                    }
                case AssayKind.Clonogenic when step.Concentrations is not null:
                    {
                        // drug clonogenic: surviving fractions fitted like a dose–response curve (LL.4), IC50 and RI as for MTT
                        var files = DrugClonogenicAssay.Run(present, new DrugClonogenicOptions
                        {
                            Drug = step.Drug, Concentrations = step.Concentrations, ExposureHours = step.ExposureHours, Seed = mtt.Seed,
                        }, sub, cat);
                        var fits = TidyCurveReader.Read(files.SurvivingFraction, new TidyCurveReader.Options(GroupBy: ["line"])).Curves
                            .Select(c => new CurveFit(c.Key[0], step.Drug, DoseResponseModel.LL4.Fit(c.Data))).ToList();
                        AddIc50Rows(step, fits, samples, ex.Reference, rows, report, "clonogenic IC50", "clonogenic");
                        break;
                    }
                case AssayKind.Clonogenic:
                    {
                        var path = ClonogenicAssay.Run(present, new AssayClonogenic { Seed = mtt.Seed, DosesGy = step.DosesGy ?? new AssayClonogenic().DosesGy }, Path.Combine(sub, "clonogenic.csv"));
                        var set = ClonogenicReader.Read(path);
                        var r = ClonogenicAnalysis.Run(set, new Analysis.Clonogenic.ClonogenicOptions { Reference = present.Any(p => p.Name == ex.Reference) ? ex.Reference : null });
                        report?.SvgFigure(PlotStyle.Svg(ClonogenicPlots.Survival(r, r.Fits.Select(f => f.Curve.Index).ToList(), $"Clonogenic survival ({step.Id})")), "Surviving fraction (mean ± SE) and fitted LQ curves.");
                        var table = new List<IReadOnlyList<string>>();
                        foreach (var f in r.Fits)
                        {
                            string name = f.Curve.Name;
                            double t = samples[name].TimeHours / 24;
                            var sf2 = f.Sf2Interval();
                            rows.Add(new ResultRow(step.Id, "clonogenic", name, t, "alpha_per_gy", f.Alpha, f.Alpha - 1.96 * f.AlphaSe, f.Alpha + 1.96 * f.AlphaSe));
                            rows.Add(new ResultRow(step.Id, "clonogenic", name, t, "beta_per_gy2", f.Beta, f.Beta - 1.96 * f.BetaSe, f.Beta + 1.96 * f.BetaSe));
                            rows.Add(new ResultRow(step.Id, "clonogenic", name, t, "alpha_beta_gy", f.AlphaBeta, double.NaN, double.NaN));
                            rows.Add(new ResultRow(step.Id, "clonogenic", name, t, "sf2", sf2.Estimate, sf2.Lower, sf2.Upper));
                            rows.Add(new ResultRow(step.Id, "clonogenic", name, t, "d10_gy", f.D10, double.NaN, double.NaN));
                            table.Add([name, F(f.Alpha), F(f.Beta), F(f.AlphaBeta), $"{F(sf2.Estimate)} ({F(sf2.Lower)}–{F(sf2.Upper)})", F(f.D10)]);
                        }
                        foreach (var pair in r.ReferencePairs)
                            foreach (var dmf in pair.Factors.Where(x => Math.Abs(x.Sf - 0.1) < 1e-9))
                                rows.Add(new ResultRow(step.Id, "clonogenic", r.Fits[pair.Test].Curve.Name, samples[r.Fits[pair.Test].Curve.Name].TimeHours / 24, "dmf_sf0.1", dmf.Ratio, dmf.Lower, dmf.Upper, $"vs {ex.Reference}"));
                        report?.Table(["sample", "α (1/Gy)", "β (1/Gy²)", "α/β (Gy)", "SF2 (95 % CI)", "D10 (Gy)"], table, "Linear–quadratic fits (CFAssay's quasi-Poisson ML, PE fitted per experiment).");
                        break;
                    }
                case AssayKind.Stability:
                    {
                        var table = new List<IReadOnlyList<string>>();
                        foreach (var s in present)
                        {
                            var r = StabilityAssay.Run(s, new StabilityOptions { Weeks = step.Weeks, Seed = mtt.Seed }, mtt, Path.Combine(sub, Safe(s.Name)), cat);
                            var fits = FitPlates(r.Plates);
                            var before = fits.First(f => f.Sample.EndsWith("_week0", StringComparison.Ordinal)).Fit.Ic50();
                            var after = fits.First(f => !f.Sample.EndsWith("_week0", StringComparison.Ordinal)).Fit.Ic50();
                            double ratio = after.Estimate / before.Estimate;
                            double se = Math.Sqrt(Sq(before.StandardError / before.Estimate) + Sq(after.StandardError / after.Estimate));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, "ic50_week0_uM", before.Estimate, before.Lower, before.Upper));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, $"ic50_after_{step.Weeks:G3}_weeks_uM", after.Estimate, after.Lower, after.Upper));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, "ic50_ratio_after_before", ratio, ratio * Math.Exp(-1.96 * se), ratio * Math.Exp(1.96 * se)));
                            // persister tolerance raises the curve's floor more than its midpoint: the absolute IC50 (50 % of vehicle) shows it
                            var fb = fits.First(f => f.Sample.EndsWith("_week0", StringComparison.Ordinal)).Fit;
                            var fa = fits.First(f => !f.Sample.EndsWith("_week0", StringComparison.Ordinal)).Fit;
                            var ab = fb.EdAbsolute(50); var aa = fa.EdAbsolute(50);
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, "absolute_ic50_week0_uM", ab.Estimate, ab.Lower, ab.Upper));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, $"absolute_ic50_after_{step.Weeks:G3}_weeks_uM", aa.Estimate, aa.Lower, aa.Upper));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, "absolute_ic50_ratio_after_before", aa.Estimate / ab.Estimate, double.NaN, double.NaN));
                            // the tolerant floor: the fitted bottom (lower asymptote, % of vehicle) before and after
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, "floor_week0_pct", fb["c"], fb["c"] - 1.96 * fb.StandardError("c"), fb["c"] + 1.96 * fb.StandardError("c")));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, $"floor_after_{step.Weeks:G3}_weeks_pct", fa["c"], fa["c"] - 1.96 * fa.StandardError("c"), fa["c"] + 1.96 * fa.StandardError("c")));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, "persister_share_before", (double)s.Population.Count(CellState.Persister) / s.Population.Total, double.NaN, double.NaN));
                            var tol = TidyTable.Read(r.TolerancePath);
                            int tl = tol.Require("line"), tf = tol.Require("surviving_fraction");
                            double Tol(bool week0) => Enumerable.Range(0, tol.RowCount).Where(i => tol.Cell(i, tl).EndsWith("_week0", StringComparison.Ordinal) == week0).Average(i => tol.Number(i, tf));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, "tolerant_fraction_week0", Tol(true), double.NaN, double.NaN, "cells after 72 h at 30 uM / cells at treatment"));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, $"tolerant_fraction_after_{step.Weeks:G3}_weeks", Tol(false), double.NaN, double.NaN));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, $"persister_share_after_{step.Weeks:G3}_weeks", (double)r.After.Count(CellState.Persister) / r.After.Total, double.NaN, double.NaN));
                            rows.Add(new ResultRow(step.Id, "stability", s.Name, s.Population.TimeHours / 24, $"nrf2_mutant_share_after_{step.Weeks:G3}_weeks", Nrf2Share(r.After), double.NaN, double.NaN));
                            table.Add([s.Name, F(before.Estimate), F(after.Estimate), $"{F(ratio)} ({F(ratio * Math.Exp(-1.96 * se))}–{F(ratio * Math.Exp(1.96 * se))})"]);
                            report?.SvgFigure(PlotStyle.Svg(DoseResponsePlots.Curves(fits.Select(f => (f.Sample, f.Fit)).ToList(), $"{s.Name}: before and after {step.Weeks:G3} weeks drug-free", $"{step.Drug} (µM)", "% of vehicle")), "MTT before and after the drug-free culture.");
                        }
                        report?.Table(["sample", "IC50 week 0 (µM)", $"IC50 after {step.Weeks:G3} weeks (µM)", "ratio after/before (95 % CI)"], table, "Resistance stability.");
                        break;
                    }
                default:
                    {
                        var kind = step.Kind switch
                        {
                            AssayKind.Edu => CellStateKind.Edu, AssayKind.Gsh => CellStateKind.Gsh, AssayKind.Ros => CellStateKind.Ros,
                            AssayKind.Apoptosis => CellStateKind.Apoptosis, _ => CellStateKind.Transwell,
                        };
                        var path = CellStateAssays.Run(kind, present, new CellStateOptions { Seed = mtt.Seed, Treatment = step.Treatment, ExposureHours = step.TreatmentHours }, Path.Combine(sub, step.Kind.ToString().ToLowerInvariant() + ".csv"), cat);
                        var t = TidyTable.Read(path);
                        string value = CellStateAssays.Columns[kind][^1];
                        int vi = t.Require(value), li = t.Require("line");
                        int ai = t.IndexOf("assay");
                        var groups = Enumerable.Range(0, t.RowCount).GroupBy(r => (t.Cell(r, li), ai >= 0 ? t.Cell(r, ai) : ""));
                        var table = new List<IReadOnlyList<string>>();
                        foreach (var g in groups)
                        {
                            var v = g.Select(r => t.Number(r, vi)).ToArray();
                            double mean = v.Average(), sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => Sq(x - mean)) / (v.Length - 1)) : double.NaN;
                            double half = 1.96 * sd / Math.Sqrt(v.Length);
                            string metric = g.Key.Item2.Length > 0 ? $"{g.Key.Item2}_{value}" : value;
                            rows.Add(new ResultRow(step.Id, step.Kind.ToString().ToLowerInvariant(), g.Key.Item1, samples[g.Key.Item1].TimeHours / 24, metric, mean, mean - half, mean + half));
                            table.Add([g.Key.Item1, metric, F(mean), F(sd), v.Length.ToString(CultureInfo.InvariantCulture)]);
                        }
                        report?.Table(["sample", "measure", "mean", "SD", "n"], table, $"{Describe(step)}; raw table assays/{step.Id}/{Path.GetFileName(path)}.");
                        break;
                    }
            }
        }
        progress.Tell("assays", ex.Assays.Count, ex.Assays.Count);
        if (report is not null)
        {
            RiOverTime(rows, report);
            CrossResistance(rows, report);
        }
        return (rows, notes);
    }

    private sealed record CurveFit(string Sample, string Drug, DoseResponseFit Fit);

    private static List<CurveFit> FitPlates(IReadOnlyList<MttPlate> plates)
    {
        var list = new List<CurveFit>();
        foreach (var p in plates)
            foreach (var c in PlateCurveReader.Read(p.PlatePath, p.LayoutPath).Curves)
                list.Add(new CurveFit(c.Key[0], c.Key[1], DoseResponseModel.LL4.Fit(c.Data)));
        return list;
    }

    private static void AddIc50Rows(AssayStep step, List<CurveFit> fits, Dictionary<string, Population> samples, string reference, List<ResultRow> rows, HtmlReport? report, string label,
        string assay = "mtt")
    {
        bool mttAssay = assay == "mtt";
        report?.SvgFigure(PlotStyle.Svg(DoseResponsePlots.Curves(fits.Select(f => (f.Sample, f.Fit)).ToList(),
                $"{(mttAssay ? "MTT" : "Clonogenic")} {step.Id}: {fits[0].Drug}, {step.ExposureHours:G3} h", $"{step.Drug} (µM)", mttAssay ? "% of vehicle" : "surviving fraction")),
            mttAssay ? "Virtual MTT: normalised absorbance (points) and LL.4 fits with 95 % bands."
                : "Virtual drug clonogenic assay: surviving fraction per dish (points; colonies / cells seeded / the experiment's plating efficiency) and LL.4 fits with 95 % bands.");
        var refFit = fits.FirstOrDefault(f => f.Sample == reference)?.Fit;
        var table = new List<IReadOnlyList<string>>();
        foreach (var f in fits)
        {
            double t = samples[f.Sample].TimeHours / 24;
            var ic = f.Fit.Ic50();
            rows.Add(new ResultRow(step.Id, assay, f.Sample, t, "ic50_uM", ic.Estimate, ic.Lower, ic.Upper, f.Drug));
            string ri = "";
            if (refFit is not null && f.Sample != reference && f.Fit.Converged && refFit.Converged)
            {
                var r0 = refFit.Ic50();
                double ratio = ic.Estimate / r0.Estimate;
                double se = Math.Sqrt(Sq(ic.StandardError / ic.Estimate) + Sq(r0.StandardError / r0.Estimate));
                rows.Add(new ResultRow(step.Id, assay, f.Sample, t, "resistance_index", ratio, ratio * Math.Exp(-1.96 * se), ratio * Math.Exp(1.96 * se), $"vs {reference}"));
                ri = $"{F(ratio)} ({F(ratio * Math.Exp(-1.96 * se))}–{F(ratio * Math.Exp(1.96 * se))})";
            }
            table.Add([f.Sample, f.Drug, f.Fit.Converged ? $"{F(ic.Estimate)} ({F(ic.Lower)}–{F(ic.Upper)})" : "not converged", ri]);
        }
        report?.Table(["sample", "drug", $"{label} µM (95 % CI)", $"resistance index vs {reference} (95 % CI)"], table,
            "LL.4 fits of each curve (drc's ED50 with delta-method CI); RI CI from the two fits' log-scale standard errors.");
    }

    /// <summary>A figure of the resistance index against time when an MTT step ran on more than one checkpoint.</summary>
    private static void RiOverTime(List<ResultRow> rows, HtmlReport report)
    {
        foreach (var g in rows.Where(r => r.Metric == "resistance_index").GroupBy(r => r.Assay).Where(g => g.Select(r => r.TimeDays).Distinct().Count() > 1))
        {
            var pts = g.OrderBy(r => r.TimeDays).ToList();
            var plt = PlotStyle.NewPlot($"Resistance index over time ({g.Key})", "time (days)", "resistance index (IC50 / parental IC50)");
            var sc = plt.Add.Scatter(pts.Select(p => p.TimeDays).ToArray(), pts.Select(p => p.Estimate).ToArray());
            sc.Color = PlotStyle.Series(0);
            foreach (var p in pts) { var l = plt.Add.Line(p.TimeDays, p.Lower, p.TimeDays, p.Upper); l.Color = PlotStyle.Series(0); }
            report.Heading("Resistance over time");
            report.SvgFigure(PlotStyle.Svg(plt), "Resistance index with 95 % CIs at each checkpoint.");
        }
    }

    /// <summary>Samples with both a drug IC50 and an SF2: the cross-resistance table (IC50, RI, SF2 side by side).</summary>
    private static void CrossResistance(List<ResultRow> rows, HtmlReport report)
    {
        var sf2 = rows.Where(r => r.Metric == "sf2").GroupBy(r => r.Sample).ToDictionary(g => g.Key, g => g.First());
        var ic = rows.Where(r => r.Metric == "ic50_uM" && r.Kind == "mtt" && !r.Note.Contains('+') && sf2.ContainsKey(r.Sample)).GroupBy(r => r.Sample).Select(g => g.First()).ToList();
        if (ic.Count < 2) return;
        report.Heading("Cross-resistance");
        report.Table(["sample", "day", "IC50 µM (95 % CI)", "resistance index", "SF2 (95 % CI)"], ic.Select(r =>
        {
            var ri = rows.FirstOrDefault(x => x.Assay == r.Assay && x.Sample == r.Sample && x.Metric == "resistance_index");
            var s2 = sf2[r.Sample];
            return (IReadOnlyList<string>)[r.Sample, F(r.TimeDays), $"{F(r.Estimate)} ({F(r.Lower)}–{F(r.Upper)})", ri is null ? "(reference)" : $"{F(ri.Estimate)} ({F(ri.Lower)}–{F(ri.Upper)})",
                $"{F(s2.Estimate)} ({F(s2.Lower)}–{F(s2.Upper)})"];
        }), $"{ic[0].Note} IC50 (virtual MTT) and SF2 (virtual clonogenic) of every line.");
    }

    private static void WriteRows(List<ResultRow> rows, string path)
    {
        using var w = new DelimitedWriter(path, ["assay", "kind", "sample", "time_days", "metric", "estimate", "lower", "upper", "note"]);
        foreach (var r in rows) w.Row([r.Assay, r.Kind, r.Sample, F(r.TimeDays), r.Metric, R(r.Estimate), R(r.Lower), R(r.Upper), r.Note]);
    }

    internal static double Nrf2Share(Population p) =>
        p.Total == 0 ? 0 : (double)p.Clones.Where(c => (c.Phenotype.Genotype.Mutations & (Biology.Mutations.Keap1 | Biology.Mutations.Nfe2l2 | Biology.Mutations.Cul3)) != 0).Sum(c => c.Total) / p.Total;

    internal static double DoublingTime(Population p)
    {
        var line = new LineModel(p.Line);
        double s = 0, n = 0;
        foreach (var c in p.Clones) { s += c.Total * CloneKinetics.For(line, c.Phenotype).DivisionRate; n += c.Total; }
        return n > 0 && s > 0 ? Math.Log(2) / (s / n) : double.NaN;
    }

    private static string Describe(AssayStep s) => s.Kind switch
    {
        AssayKind.Mtt => $"MTT, {s.Drug} {s.ExposureHours:G3} h" + With(s.With),
        AssayKind.Clonogenic when s.Concentrations is not null => $"drug clonogenic, {s.Drug} {s.ExposureHours:G3} h then washed" + With(s.With),
        AssayKind.Clonogenic => "clonogenic survival after single doses" + With(s.With),
        AssayKind.Stability => $"stability, {s.Weeks:G3} weeks drug-free, then MTT {s.Drug}",
        _ => s.Kind.ToString().ToUpperInvariant() + (s.Treatment.Count > 0 ? $" after {string.Join(" + ", s.Treatment.Select(d => $"{d.Drug} {d.Micromolar:G4} µM"))} for {s.TreatmentHours:G3} h" : ", untreated") + With(s.With),
    };

    private static string With(IReadOnlyList<AssayDrug> w) => w.Count == 0 ? "" : " with " + string.Join(" + ", w.Select(d => $"{d.Drug} {d.Micromolar:G4} µM"));
    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
    private static double Sq(double x) => x * x;
    private static string F(double x) => double.IsNaN(x) ? "" : NumberFormat.Pretty(x);
    private static string R(double x) => double.IsNaN(x) ? "" : x.ToString("R", CultureInfo.InvariantCulture);
}
