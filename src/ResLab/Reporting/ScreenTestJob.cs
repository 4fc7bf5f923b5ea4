using ResLab.Screens;
using ResLab.Screens.Mageck;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>Settings of <c>reslab screen test</c>.</summary>
public sealed record ScreenTestJobOptions
{
    public required string Input { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>The MAGeCK options; <see cref="MageckTestOptions.ControlSgrnas"/> is read from <see cref="ControlSgrnaFile"/>.</summary>
    public required MageckTestOptions Test { get; init; }
    public string? ControlSgrnaFile { get; init; }
    /// <summary>Genes of the sgRNA fold-change figure (default: the top three of each direction).</summary>
    public IReadOnlyList<string>? Genes { get; init; }
    /// <summary>Hits labelled on each rank plot.</summary>
    public int TopLabels { get; init; } = 10;
    public bool Plots { get; init; } = true;
}

public sealed record ScreenTestJobResult(string OutputDirectory, int Sgrnas, int Genes, int NegHits, int PosHits, IReadOnlyList<string> Files,
    IReadOnlyList<string> Warnings, MageckTestResult Result);

/// <summary>
/// <c>reslab screen test</c>: MAGeCK's <c>test</c> on a count table, writing gene_summary.txt, sgrna_summary.txt and
/// normalized.txt in MAGeCK's layout, count_summary.txt, the figures and report.html into a directory that appears
/// complete or not at all.
/// </summary>
public static class ScreenTestJob
{
    public const double HitFdr = 0.25;

    public static ScreenTestJobResult Run(ScreenTestJobOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        // The work runs as a small pipeline over the cores, each output written as soon as its inputs exist: the
        // plotting library starts up while the table is read; the normalised counts, count QC and the count figure
        // while the sgRNA tests run; the sgRNA summary while the gene test runs; the other figures while the gene
        // summary is written. Every file has the bytes a sequential run writes.
        var started = new List<Task>();
        var warm = o.Plots ? Task.Run(PlotStyle.WarmUp, cancel) : Task.CompletedTask;
        started.Add(warm);
        OutputDirectory? output = null; // begun once the table has been read and checked; a later error removes it
        try
        {
            var table = CountTableReader.Read(o.Input);
            ScreenReporting.ChooseGenes(o.Genes, table, []); // check the asked genes before the work
            var test = o.Test;
            if (o.ControlSgrnaFile is not null) test = test with { ControlSgrnas = ControlSgrnas.Read(o.ControlSgrnaFile) };
            var qcCompute = Task.Run(() => CountQc.Compute(table), cancel); // on another core, while normalising
            started.Add(qcCompute);
            Task sgrnaFiles = Task.CompletedTask;
            Task<IReadOnlyList<SampleQc>> qcTask = Task.FromResult<IReadOnlyList<SampleQc>>([]);
            Task<(byte[], string)?> distribution = Task.FromResult<(byte[], string)?>(null);
            var distributionFiles = new List<string>();
            Task<SgrnaFigureData?> sgrnaData = Task.FromResult<SgrnaFigureData?>(null);
            Task normalizedFile = Task.CompletedTask;
            var r = MageckTest.Run(table, test, progress, cancel, stage =>
            {
                var dir = output!;
                sgrnaFiles = Task.Run(() => MageckWriter.WriteSgrnaSummary(stage.Sgrnas, stage.SgrnaOrder, dir.File("sgrna_summary.txt")), cancel);
                if (o.Plots) sgrnaData = Task.Run(() => SgrnaFigureData.Of(stage.Sgrnas), cancel);
                started.AddRange([sgrnaFiles, sgrnaData]);
            }, stage =>
            {
                // The normalised counts, count QC and count figure need no sgRNA test: they are written while it runs.
                var dir = output = Storage.OutputDirectory.Begin(o.OutputDirectory);
                var role = Roles(stage.ControlSamples, stage.TreatmentSamples, stage.SizeFactors);
                normalizedFile = Task.Run(() => MageckWriter.WriteNormalized(table, stage.ControlSamples, stage.TreatmentSamples, stage.Normalized, dir.File("normalized.txt")), cancel);
                qcTask = Task.Run(async () =>
                {
                    var qc = await qcCompute;
                    ScreenReporting.WriteQc(qc, role, dir.File("count_summary.txt"));
                    return qc;
                }, cancel);
                if (o.Plots) distribution = Task.Run(async () => { await warm; return (ValueTuple<byte[], string>?)DistributionFigure(stage, dir, distributionFiles); }, cancel);
                started.AddRange([normalizedFile, qcTask, distribution]);
            });
            var dir = output ?? throw new InvalidOperationException("the sgRNA stage did not run");
            // The three figures of the gene test are drawn side by side, each on its own Plot: ScottPlot's only shared
            // mutable state is its typeface cache (a ConcurrentDictionary) and the default font, set once by the warm-up
            // that happens before; Skia draws separate surfaces independently, and the SVG clip ids are renumbered per file.
            var geneFigures = o.Plots
                ? Task.Run(async () =>
                {
                    var byNeg = InRankOrder(r.Genes, g => g.Neg.Rank);
                    var byPos = InRankOrder(r.Genes, g => g.Pos.Rank);
                    var genes = ScreenReporting.ChooseGenes(o.Genes, table, byNeg.Take(3).Select(g => g.Id).Concat(byPos.Take(3).Select(g => g.Id)));
                    var data = await sgrnaData ?? throw new InvalidOperationException("the sgRNA figure data were not computed");
                    await warm;
                    return await Task.WhenAll(GeneFigures(r, byNeg, byPos, genes, data, o.TopLabels, dir).Select(draw => Task.Run(() =>
                    {
                        var saved = new List<string>();
                        var (png, caption) = draw(saved);
                        return (Png: png, Caption: caption, Files: saved);
                    }, cancel)));
                }, cancel)
                : Task.FromResult(Array.Empty<(byte[] Png, string Caption, List<string> Files)>());
            started.Add(geneFigures);
            if (o.Plots) progress.Tell("plots", 0, 1);
            MageckWriter.WriteGeneSummary(r, dir.File("gene_summary.txt"));
            ScreenReporting.Await(sgrnaFiles);
            ScreenReporting.Await(normalizedFile);
            var qc = ScreenReporting.Await(qcTask);
            var drawn = ScreenReporting.Await(geneFigures);
            var figures = drawn.Select(f => (f.Png, f.Caption)).ToList();
            if (ScreenReporting.Await(distribution) is { } d) figures.Add(d);
            if (o.Plots) progress.Tell("plots", 1, 1);
            var files = new List<string> { "gene_summary.txt", "sgrna_summary.txt", "normalized.txt", "count_summary.txt" };
            files.AddRange(drawn.SelectMany(f => f.Files));
            files.AddRange(distributionFiles);
            int negHits = r.Genes.Count(g => g.Neg.Fdr < HitFdr), posHits = r.Genes.Count(g => g.Pos.Fdr < HitFdr);
            WriteReport(o, table, r, qc, figures, negHits, posHits, dir.File("report.html")); files.Add("report.html");
            dir.Commit();
            return new ScreenTestJobResult(dir.FinalPath, r.Sgrnas.Count, r.Genes.Length, negHits, posHits, files, r.Warnings, r);
        }
        catch
        {
            ScreenReporting.Settle(started); // before the unfinished directory is removed
            throw;
        }
        finally
        {
            output?.Dispose();
        }
    }

    private static Func<string, (string, double)> Roles(MageckTestResult r) => Roles(r.ControlSamples, r.TreatmentSamples, r.SizeFactors);

    private static Func<string, (string, double)> Roles(string[] controls, string[] treatments, SizeFactorResult sf) => s =>
    {
        int c = Array.IndexOf(controls, s), t = Array.IndexOf(treatments, s);
        if (c >= 0) return ("control", sf.Factors[c]);
        if (t >= 0) return ("treatment", sf.Factors[controls.Length + t]);
        return ("not used", double.NaN);
    };

    private static (byte[] Png, string Caption) DistributionFigure(MageckNormalizedStage s, OutputDirectory dir, List<string> files)
    {
        var names = s.ControlSamples.Concat(s.TreatmentSamples).ToArray();
        return (ScreenReporting.Save(ScreenPlots.CountDistributions("Normalised counts", names.Select((n, k) => (n, s.Normalized[k])).ToArray()), dir, "count_distributions", files),
            $"Distribution of normalised counts per sample ({s.SizeFactors.Used.ToString().ToLowerInvariant()} normalisation); well-normalised samples overlap.");
    }

    /// <summary>
    /// Genes sorted by a rank. MAGeCK's ranks are 1..n, each once, so each gene goes straight to its place: no sort of
    /// 20,000 genes on the way from the gene test to the figures. Anything else is sorted, stably, as before.
    /// </summary>
    internal static GeneStats[] InRankOrder(GeneStats[] genes, Func<GeneStats, int> rank)
    {
        var placed = new GeneStats?[genes.Length];
        foreach (var g in genes)
        {
            int k = rank(g) - 1;
            if ((uint)k >= (uint)placed.Length || placed[k] is not null) return genes.OrderBy(rank).ToArray();
            placed[k] = g;
        }
        return placed!;
    }

    /// <summary>What the sgRNA fold-change figure needs from the sgRNA statistics, computed while the gene test runs.</summary>
    private sealed record SgrnaFigureData(IReadOnlyList<double> ReferenceLevels, Dictionary<string, List<int>> RowsOfGene)
    {
        public static SgrnaFigureData? Of(SgrnaStats s)
        {
            var rows = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < s.Genes.Length; i++)
            {
                if (!rows.TryGetValue(s.Genes[i], out var list)) rows[s.Genes[i]] = list = [];
                list.Add(i);
            }
            return new SgrnaFigureData(ScreenPlots.ReferenceLevels(s.Lfc), rows);
        }
    }

    /// <summary>The gene test's figures, each drawn and saved (its files added to the list given) when called.</summary>
    private static IEnumerable<Func<List<string>, (byte[] Png, string Caption)>> GeneFigures(MageckTestResult r, GeneStats[] byNeg, GeneStats[] byPos,
        IReadOnlyList<string> genes, SgrnaFigureData data, int top, OutputDirectory dir)
    {
        yield return files =>
        {
            var y = byNeg.Select(g => -Math.Log10(g.Neg.Score)).ToArray();
            var labels = byNeg.Take(top).Select(g => (g.Neg.Rank, g.Id)).ToArray();
            return (ScreenReporting.Save(ScreenPlots.Rank("Negative selection (depleted in treatment)", "−log10 RRA score", y, labels, PlotStyle.Series(0)), dir, "rank_neg", files),
                $"Genes ranked by MAGeCK's negative-selection RRA score; the top {labels.Length} are named.");
        };
        yield return files =>
        {
            var y = byPos.Select(g => -Math.Log10(g.Pos.Score)).ToArray();
            var labels = byPos.Take(top).Select(g => (g.Pos.Rank, g.Id)).ToArray();
            return (ScreenReporting.Save(ScreenPlots.Rank("Positive selection (enriched in treatment)", "−log10 RRA score", y, labels, PlotStyle.Series(1)), dir, "rank_pos", files),
                $"Genes ranked by MAGeCK's positive-selection RRA score; the top {labels.Length} are named.");
        };
        yield return files =>
        {
            var lfc = r.Sgrnas.Lfc;
            var perGene = genes.Select(g => (g, data.RowsOfGene.TryGetValue(g, out var rows) ? rows.Select(i => lfc[i]).ToArray() : [])).ToArray();
            return (ScreenReporting.Save(ScreenPlots.SgrnaFoldChanges("sgRNA fold changes", "sgRNA log2 fold change (treatment / control)", perGene, data.ReferenceLevels), dir, "sgrna_lfc", files),
                "Log2 fold change of each sgRNA of the chosen genes" + (r.Options.Paired ? " (one point per sgRNA and replicate pair)" : "") + "; lines: median and 5–95 % range of all sgRNAs.");
        };
    }

    private static void WriteReport(ScreenTestJobOptions o, CountTable t, MageckTestResult r, IReadOnlyList<SampleQc> qc, IReadOnlyList<(byte[] Png, string Caption)> figures,
        int negHits, int posHits, string path)
    {
        var rep = new HtmlReport($"CRISPR screen (MAGeCK test): {Path.GetFileName(o.Input)}");
        rep.Heading("Summary");
        var sf = r.SizeFactors;
        rep.Paragraph($"{t.SgrnaCount:N0} sgRNAs targeting {t.Genes.Distinct().Count():N0} genes; treatment {string.Join(", ", r.TreatmentSamples)} against control {string.Join(", ", r.ControlSamples)}"
                      + (r.Options.Paired ? " (paired replicates)" : "") + $". {r.Genes.Length:N0} genes tested: {negHits} depleted and {posHits} enriched at FDR < {HitFdr}.");
        rep.Paragraph($"Normalisation: {sf.Used.ToString().ToLowerInvariant()} (size factors {string.Join(", ", sf.Factors.Select(f => NumberFormat.Pretty(f, 6)))}; on {sf.SgrnasUsed:N0} sgRNAs). "
                      + $"Mean–variance model: k = {NumberFormat.Pretty(r.Model.K, 6)}, b = {NumberFormat.Pretty(r.Model.B, 6)} ({r.Model.Points:N0} sgRNAs; {r.Model.HighCountOutliers} high-count outliers left out). "
                      + $"RRA α: {NumberFormat.Pretty(r.AlphaNeg, 5)} (negative), {NumberFormat.Pretty(r.AlphaPos, 5)} (positive). {r.RemovedZeroSgrnas:N0} sgRNAs with zero counts in both groups left out of the gene test.");
        ScreenReporting.Warnings(rep, r.Warnings);
        rep.Heading("Count QC");
        ScreenReporting.QcTable(rep, qc, Roles(r));
        foreach (var (title, neg) in new[] { ("Top depleted genes (negative selection)", true), ("Top enriched genes (positive selection)", false) })
        {
            rep.Heading(title);
            var rows = r.Genes.OrderBy(g => neg ? g.Neg.Rank : g.Pos.Rank).Take(20).Select(g =>
            {
                var s = neg ? g.Neg : g.Pos;
                return (IReadOnlyList<string>)[g.Id, s.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Sgrnas.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    s.GoodSgrnas.ToString(System.Globalization.CultureInfo.InvariantCulture), NumberFormat.Pretty(s.Score), NumberFormat.Pretty(s.P), NumberFormat.Pretty(s.Fdr), NumberFormat.Pretty(s.Lfc)];
            });
            rep.Table(["gene", "rank", "sgRNAs", "good sgRNAs", "RRA score", "p-value", "FDR", "LFC"], rows);
        }
        if (figures.Count > 0)
        {
            rep.Heading("Figures");
            foreach (var (png, caption) in figures) rep.PngFigure(png, caption);
        }
        rep.Heading("Methods");
        rep.Note("MAGeCK 0.5.9.2 test semantics (Li et al. 2014, Genome Biol 15:554, doi:10.1186/s13059-014-0554-4): median-ratio size factors, replicate medians, "
                 + "a weighted log-linear mean–variance model, truncated-normal sgRNA p-values, α-RRA gene scores with a seeded permutation null (MAGeCK's Park–Miller stream, seed 123456) and BH FDRs. "
                 + "gene_summary.txt and sgrna_summary.txt match MAGeCK's files byte for byte on its demo data (see docs/screens.md).");
        rep.Save(path);
    }
}
