using System.Text.Json;
using ResLab.Biology;
using ResLab.Screens;
using ResLab.Screens.DrugZ;
using ResLab.Screens.Mageck;
using ResLab.Screens.Simulation;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>Settings of <c>reslab screen simulate</c>.</summary>
public sealed record ScreenSimulationJobOptions
{
    public required string ScreenFile { get; init; }
    public required string OutputDirectory { get; init; }
    public ulong Seed { get; init; } = 1;
    public int? Threads { get; init; }
    public string? CatalogueFile { get; init; }
    /// <summary>Analyse the counts with MAGeCK test and DrugZ and score them against the truth.</summary>
    public bool Analyse { get; init; } = true;
    public double Fdr { get; init; } = ScreenAnalysis.DefaultFdr;
    public bool Plots { get; init; } = true;
}

public sealed record ScreenSimulationJobResult(string OutputDirectory, ScreenSimulationResult Simulation, IReadOnlyList<ScreenComparison> Comparisons, IReadOnlyList<string> Files);

/// <summary>
/// <c>reslab screen simulate</c>: reads the screen file, simulates the screen, writes the count table (MAGeCK's layout),
/// the truth table, the library as used, per-sample and per-class tables, the cultures' representation over time,
/// run.json and — unless switched off — MAGeCK test and DrugZ on the simulated counts with precision, recall and AUC
/// against the truth, figures and report.html, into a directory that appears complete or not at all.
/// </summary>
public static class ScreenSimulationJob
{
    public static ScreenSimulationJobResult Run(ScreenSimulationJobOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var catalogue = o.CatalogueFile is null ? Catalogue.Default : Catalogue.Default.WithUserFile(o.CatalogueFile);
        var design = ScreenDesignReader.Load(o.ScreenFile, catalogue, o.Seed);
        var sim = ScreenSimulator.Run(design, new ScreenSimulationSettings { Seed = o.Seed, Threads = o.Threads }, progress, cancel);
        IReadOnlyList<ScreenComparison> comparisons = [];
        if (o.Analyse)
        {
            progress.Tell("analysis", 0, 1);
            comparisons = ScreenAnalysis.Run(sim, o.Fdr, o.Threads, cancel);
            progress.Tell("analysis", 1, 1);
        }
        using var dir = Storage.OutputDirectory.Begin(o.OutputDirectory);
        var files = new List<string>();
        CountTableWriter.Write(sim.Counts, dir.File("counts.tsv")); files.Add("counts.tsv");
        ScreenTruth.Write(design, sim.Truth, dir.File("truth.tsv")); files.Add("truth.tsv");
        WriteLibrary(design, dir.File("library_used.tsv")); files.Add("library_used.tsv");
        AtomicFile.WriteText(dir.File("control_sgrnas.txt"), string.Concat(design.Library.Ids.Where((_, i) => design.Library.IsControl[i]).Select(x => x + "\n"))); files.Add("control_sgrnas.txt");
        WriteSamples(sim, dir.File("samples.tsv")); files.Add("samples.tsv");
        WriteClasses(sim, dir.File("classes.tsv")); files.Add("classes.tsv");
        WriteSeries(sim, dir.File("representation.tsv")); files.Add("representation.tsv");
        foreach (var c in comparisons)
        {
            var sub = comparisons.Count == 1 ? "" : $"_{c.Arm}";
            MageckWriter.WriteGeneSummary(c.Mageck, dir.File($"mageck{sub}/gene_summary.txt")); files.Add($"mageck{sub}/gene_summary.txt");
            MageckWriter.WriteSgrnaSummary(c.Mageck, dir.File($"mageck{sub}/sgrna_summary.txt")); files.Add($"mageck{sub}/sgrna_summary.txt");
            if (c.DrugZ is { } z) { DrugZWriter.WriteGenes(z, dir.File($"drugz{sub}/drugz.txt")); files.Add($"drugz{sub}/drugz.txt"); }
        }
        if (comparisons.Count > 0) { WriteEvaluation(comparisons, dir.File("evaluation.tsv")); files.Add("evaluation.tsv"); }
        WriteRunInfo(o, sim, comparisons, dir.File("run.json")); files.Add("run.json");
        var figures = new List<(byte[] Png, string Caption)>();
        if (o.Plots)
        {
            progress.Tell("plots", 0, 1);
            var plotFiles = new List<string>();
            figures.Add((ScreenReporting.Save(ScreenSimulationPlots.Representation(sim), dir, "representation", plotFiles),
                "Cells per sgRNA in every culture: expansion from transduction (uninfected cells dying under puromycin) to T0, then each arm with its bottleneck passages."));
            figures.Add((ScreenReporting.Save(ScreenSimulationPlots.ClassFitness(sim), dir, "class_fitness", plotFiles, 760, 420 + 18 * sim.Classes.Count(c => !c.Label.Contains(" + "))),
                "The truth: log2 fitness of each knock-out relative to wild type from T0 to the harvest in each arm, as the engine simulated it (full knock-outs; an sgRNA of efficiency e is a mixture)."));
            foreach (var c in comparisons)
                figures.Add((ScreenReporting.Save(ScreenSimulationPlots.ExpectedVsObserved(sim, c), dir, comparisons.Count == 1 ? "expected_vs_observed" : $"expected_vs_observed_{c.Arm}", plotFiles),
                    $"Gene log2 fold change {c.Arm} vs {c.Reference} measured by MAGeCK against the truth's expectation; the line is y = x."));
            figures.Add((ScreenReporting.Save(ScreenPlots.CountDistributions("Simulated read counts", sim.Counts.Samples.Select((s, k) => (s, sim.Counts.Column(k).ToArray())).ToArray()), dir, "count_distributions", plotFiles),
                "Distribution of log2(reads + 1) per sample."));
            files.AddRange(plotFiles);
            progress.Tell("plots", 1, 1);
        }
        WriteReport(o, sim, comparisons, figures, dir.File("report.html")); files.Add("report.html");
        dir.Commit();
        return new ScreenSimulationJobResult(dir.FinalPath, sim, comparisons, files);
    }

    private static void WriteLibrary(ScreenDesign d, string path)
    {
        var lib = d.Library;
        using var w = new DelimitedWriter(path, ["sgRNA", "gene", "efficiency", "plasmid_abundance", "control", "class"], '\t', quote: false);
        for (int i = 0; i < lib.Count; i++)
            w.Values(lib.Ids[i], lib.Genes[i], lib.Efficiency[i], lib.Abundance[i], lib.IsControl[i],
                lib.IsControl[i] ? GeneEffects.ControlClass : d.Effects.Find(lib.Genes[i])?.Class ?? GeneEffects.NeutralClass);
    }

    private static void WriteSamples(ScreenSimulationResult r, string path)
    {
        using var w = new DelimitedWriter(path, ["sample", "arm", "replicate", "cells_harvested", "genomes_amplified", "reads", "zero_count_sgrnas"], '\t', quote: false);
        foreach (var s in r.Samples) w.Values(s.Name, s.Arm, s.Replicate, s.CellsHarvested, s.GenomesAmplified, s.Reads, s.ZeroSgrnas);
    }

    private static void WriteClasses(ScreenSimulationResult r, string path)
    {
        var arms = r.Design.Selection.Arms.Select(a => a.Name).ToArray();
        using var w = new DelimitedWriter(path, ["class", "phenotype", "transduced_cells", "log2_fitness_before_T0", .. arms.Select(a => $"log2_fitness_{a}")], '\t', quote: false);
        foreach (var c in r.Classes)
            w.Row([NumberFormat.Format(c.Index), c.Label, NumberFormat.Format(c.TransducedCells), NumberFormat.Format(c.Log2FitnessPreT0), .. arms.Select(a => NumberFormat.Format(c.Log2FitnessByArm[a]))]);
    }

    private static void WriteSeries(ScreenSimulationResult r, string path)
    {
        int n = r.Design.Library.Count;
        double t0 = r.Design.Transduction.T0Hours;
        using var w = new DelimitedWriter(path, ["culture", "hours_after_transduction", "cells", "cells_per_sgrna", "confluence"], '\t', quote: false);
        for (int k = 0; k < r.Cultures.Count; k++)
            foreach (var p in r.Cultures[k].Series)
                w.Values(r.Cultures[k].Name, p.Hours + (k == 0 ? 0 : t0), p.Cells, p.Cells / n, p.Confluence);
    }

    private static void WriteEvaluation(IReadOnlyList<ScreenComparison> comparisons, string path)
    {
        using var w = new DelimitedWriter(path, ["comparison", "method", "direction", "fdr_threshold", "true_genes", "hits", "true_positives", "precision", "recall", "auc", "true_gene_ranks"], '\t', quote: false);
        foreach (var c in comparisons)
            foreach (var m in c.Metrics)
                w.Values($"{c.Arm}_vs_{c.Reference}", m.Method, ScreenTruth.Spell(m.Direction), m.FdrThreshold, m.TrueGenes, m.Hits, m.TruePositives, m.Precision, m.Recall, m.Auc,
                    string.Join(";", m.TrueGeneRanks.OrderBy(x => x.Value).Select(x => $"{x.Key}:{x.Value}")));
    }

    private static void WriteRunInfo(ScreenSimulationJobOptions o, ScreenSimulationResult r, IReadOnlyList<ScreenComparison> comparisons, string path)
    {
        var d = r.Design;
        var info = new
        {
            reslab_version = VersionInfo.Version,
            command = "screen simulate",
            screen = d.Name,
            screen_file = o.ScreenFile,
            input_sha256 = d.InputHash,
            catalogue_file = o.CatalogueFile,
            seed = o.Seed,
            cell_line = d.Line.Name,
            sgrnas = d.Library.Count,
            genes = d.Library.GeneNames.Count,
            controls = d.Library.Controls,
            samples = r.Counts.Samples,
            phenotype_classes = r.Classes.Count,
            cells_at_t0 = r.CellsAtT0,
            warnings = r.Warnings,
            evaluation = comparisons.SelectMany(c => c.Metrics.Select(m => new { comparison = $"{c.Arm}_vs_{c.Reference}", method = m.Method, direction = ScreenTruth.Spell(m.Direction), m.Precision, m.Recall, m.Auc })),
        };
        var json = JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        AtomicFile.WriteText(path, json + "\n");
    }

    private static string P(double v, int digits = 3) => NumberFormat.Pretty(v, digits);

    private static void WriteReport(ScreenSimulationJobOptions o, ScreenSimulationResult r, IReadOnlyList<ScreenComparison> comparisons, List<(byte[] Png, string Caption)> figures, string path)
    {
        var d = r.Design;
        var rep = new HtmlReport($"Simulated CRISPR screen: {d.Name}");
        rep.Heading("Summary");
        if (d.Description.Length > 0) rep.Paragraph(d.Description.Trim());
        rep.Paragraph($"{d.Line.Name}; library of {d.Library.Count:N0} sgRNAs ({d.Library.GeneNames.Count:N0} genes, {d.Library.Controls:N0} non-targeting controls), mean on-target efficiency {P(d.Library.Efficiency.Where((_, i) => !d.Library.IsControl[i]).DefaultIfEmpty(0).Average())}. "
                      + $"Transduction at MOI {P(d.Transduction.Moi)} and {P(d.Transduction.Coverage)} cells per sgRNA, puromycin for {P(d.Transduction.PuromycinHours / 24)} days, T0 at day {P(d.Transduction.T0Hours / 24)} "
                      + $"({P(r.CellsAtT0 / d.Library.Count)} cells per sgRNA; a T0 sample of {P(d.Sampling.T0Cells)}); then {d.Selection.Arms.Count} arms × {d.Selection.Replicates} replicate flasks for {P(d.Selection.DurationHours / 24)} days, "
                      + $"passaged every {P(d.Culture.PassageEveryHours / 24)} days to {P(d.Culture.Bottleneck)} cells per sgRNA; {P(d.Sequencing.ReadsPerSgrna)} reads per sgRNA. Seed {o.Seed}; {r.Classes.Count} phenotype classes simulated by the engine.");
        rep.Table(["arm", "treatment", "samples"], d.Selection.Arms.Select(a => (IReadOnlyList<string>)[a.Name + (a.Name == d.Selection.Reference ? " (reference)" : ""), a.Description, string.Join(", ", ScreenAnalysis.Samples(d, a.Name))]));
        ScreenReporting.Warnings(rep, r.Warnings.Concat(comparisons.SelectMany(c => c.Warnings)).ToList());
        if (comparisons.Count > 0)
        {
            rep.Heading("Recovery of the truth");
            rep.Paragraph($"Each arm's replicates against the reference arm's, analysed as a lab would: MAGeCK test (RRA; 'reslab screen test') and DrugZ (paired by replicate; 'reslab screen drugz'). "
                          + $"True genes: expected |log2 fold change| ≥ {P(d.TruthThreshold)} in that direction (truth.tsv); hits: FDR < {P(o.Fdr)}; AUC: the probability that a true gene ranks above one that is not.");
            rep.Table(["comparison", "method", "direction", "true genes", "hits", "true positives", "precision", "recall", "AUC", "ranks of the true genes"],
                comparisons.SelectMany(c => c.Metrics.Select(m => (IReadOnlyList<string>)[$"{c.Arm} vs {c.Reference}", m.Method, m.Direction == Direction.Up ? "enriched (resistance)" : "depleted (sensitising)",
                    m.TrueGenes.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Hits.ToString(System.Globalization.CultureInfo.InvariantCulture), m.TruePositives.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    P(m.Precision), P(m.Recall), P(m.Auc), string.Join(", ", m.TrueGeneRanks.OrderBy(x => x.Value).Select(x => $"{x.Key} {x.Value}"))])));
        }
        rep.Heading("Truth: the genes with an effect");
        var others = d.Selection.Arms.Where(a => a.Name != d.Selection.Reference).Select(a => a.Name).ToArray();
        var arms = d.Selection.Arms.Select(a => a.Name).ToArray();
        rep.Table(["gene", "class", "knock-out", "mean efficiency", .. arms.Select(a => $"KO log2 fitness {a}"), .. others.Select(a => $"expected LFC {a} vs {d.Selection.Reference}"), .. others.Select(a => "direction")],
            r.Truth.Where(t => t.Class is not (GeneEffects.NeutralClass or GeneEffects.EssentialClass or GeneEffects.ControlClass)).Select(t => (IReadOnlyList<string>)[
                t.Gene, t.Class, t.Effect, P(t.MeanEfficiency), .. arms.Select(a => P(t.KoLog2Fitness[a])), .. others.Select(a => P(t.ExpectedLfcVsReference[a])), .. others.Select(a => ScreenTruth.Spell(t.DirectionVsReference[a]))]),
            $"Core-essential genes ({r.Truth.Count(t => t.Class == GeneEffects.EssentialClass)}) and neutral genes ({r.Truth.Count(t => t.Class == GeneEffects.NeutralClass)}) are in truth.tsv.");
        rep.Heading("Samples");
        rep.Table(["sample", "cells harvested", "genomes amplified", "reads", "zero-count sgRNAs"], r.Samples.Select(s => (IReadOnlyList<string>)[s.Name, P(s.CellsHarvested), P(s.GenomesAmplified), P(s.Reads), s.ZeroSgrnas.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        if (figures.Count > 0)
        {
            rep.Heading("Figures");
            foreach (var (png, caption) in figures) rep.PngFigure(png, caption);
        }
        rep.Heading("Analyse the counts yourself");
        foreach (var c in comparisons.Count > 0 ? comparisons.Select(c => (c.Treatment, c.Control)) : others.Select(a => ((IReadOnlyList<string>)ScreenAnalysis.Samples(d, a), (IReadOnlyList<string>)ScreenAnalysis.Samples(d, d.Selection.Reference))))
        {
            rep.Html($"<pre>./reslab screen test counts.tsv -t {string.Join(",", c.Item1)} -c {string.Join(",", c.Item2)} --out screen-test\n./reslab screen drugz counts.tsv -x {string.Join(",", c.Item1)} -c {string.Join(",", c.Item2)} --out screen-drugz</pre>");
        }
        rep.Heading("Methods");
        rep.Note("Each phenotype class (wild type; each knock-out; the rarer combinations of multiply infected cells) is one clone of the ResLab engine (docs/model.md), scaled so that its rates are deterministic; "
                 + "the engine integrates the intracellular cisplatin, glutathione and ROS kinetics and draws births, deaths and state changes. Each step's per-cell birth and death rates of a class, and every passage, "
                 + "compose into the offspring law of one cell (a zero-modified geometric law, exact for linear birth–death processes and thinnings); each sgRNA's cells of a class then take one exact draw per stretch. "
                 + "Transduction: Poisson(MOI) integrations by plasmid abundance; a knock-out takes with the sgRNA's efficiency, otherwise the cell is wild type; genomic DNA: binomial sampling of integrated copies; "
                 + "PCR: Gamma(copies·(1 + η)/(1 − η)) with a per-sample Gamma(1/φ, φ) overdispersion and a fixed sequence bias; sequencing: a multinomial of the reads. Details and parameters: docs/screens.md.");
        rep.Save(path);
    }
}
