using ResLab.Screens;
using ResLab.Screens.DrugZ;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>Settings of <c>reslab screen drugz</c>.</summary>
public sealed record DrugZJobOptions
{
    public required string Input { get; init; }
    public required string OutputDirectory { get; init; }
    public required DrugZOptions DrugZ { get; init; }
    public IReadOnlyList<string>? Genes { get; init; }
    public int TopLabels { get; init; } = 10;
    public bool Plots { get; init; } = true;
}

public sealed record DrugZJobResult(string OutputDirectory, int Guides, int Genes, int SynthHits, int SuppHits, IReadOnlyList<string> Files,
    IReadOnlyList<string> Warnings, DrugZResult Result);

/// <summary>
/// <c>reslab screen drugz</c>: DrugZ on a count table, writing drugz.txt (DrugZ's columns, full precision),
/// drugz_foldchange.txt (guide level), count_summary.txt, the figures and report.html, all or nothing.
/// </summary>
public static class DrugZJob
{
    public const double HitFdr = 0.1;

    public static DrugZJobResult Run(DrugZJobOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        // The plotting library starts up on another core while the table is read and scored.
        var warm = o.Plots ? Task.Run(PlotStyle.WarmUp, cancel) : Task.CompletedTask;
        try
        {
            return Run(o, warm, progress, cancel);
        }
        catch
        {
            ScreenReporting.Settle([warm]);
            throw;
        }
    }

    private static DrugZJobResult Run(DrugZJobOptions o, Task warm, IProgress<ProgressUpdate>? progress, CancellationToken cancel)
    {
        var table = CountTableReader.Read(o.Input);
        ScreenReporting.ChooseGenes(o.Genes, table, []); // check the asked genes before the work
        var qcTask = Task.Run(() => CountQc.Compute(table), cancel); // on another core, during the analysis
        progress.Tell("drugz", 0, 1);
        var r = DrugZAnalysis.Run(table, o.DrugZ, cancel);
        progress.Tell("drugz", 1, 1);
        var ci = table.ResolveSamples(o.DrugZ.Control, "-c/--control");
        var ti = table.ResolveSamples(o.DrugZ.Treatment, "-t/--treatment");
        var qc = ScreenReporting.Await(qcTask);
        var bySynth = r.Genes.OrderBy(g => g.RankSynth).ToArray();
        var bySupp = r.Genes.OrderBy(g => g.RankSupp).ToArray();
        var genes = ScreenReporting.ChooseGenes(o.Genes, table, bySynth.Take(3).Select(g => g.Gene).Concat(bySupp.Take(3).Select(g => g.Gene)));

        using var dir = Storage.OutputDirectory.Begin(o.OutputDirectory);
        var files = new List<string>();
        // The figures are drawn while the tables are written.
        var plotFiles = new List<string>();
        var figureTask = Task.Run(async () =>
        {
            var list = new List<(byte[] Png, string Caption)>();
            if (!o.Plots) return list;
            await warm;
            var ranked = bySynth.Select(g => g.NormZ).ToArray();
            var synthLab = bySynth.Take(o.TopLabels).Select(g => (g.RankSynth, g.Gene)).ToArray();
            var suppLab = bySupp.Take(o.TopLabels).Select(g => (r.Genes.Count + 1 - g.RankSupp, g.Gene)).ToArray();
            var plt = ScreenPlots.Rank("DrugZ gene scores", "normZ", ranked, synthLab, PlotStyle.Series(0), logRank: false, listAt: ScottPlot.Alignment.LowerRight);
            var hx = suppLab.Select(l => (double)l.Item1).ToArray();
            var hits = plt.Add.Markers(hx, suppLab.Select(l => ranked[l.Item1 - 1]).ToArray());
            hits.Color = PlotStyle.Series(1);
            hits.MarkerSize = 7;
            ScreenPlots.Annotate(plt, bySupp.Take(o.TopLabels).Select(g => (g.RankSupp, g.Gene)).ToArray(), PlotStyle.Series(1), ScottPlot.Alignment.UpperLeft);
            list.Add((ScreenReporting.Save(plt, dir, "rank_normz", plotFiles),
                $"Genes ranked by normZ: synthetic-lethal interactions (drug sensitisers) at the left, suppressors at the right; the top {o.TopLabels} of each are named."));
            var perGene = genes.Select(g => (g, r.Guides.SelectMany(col => Enumerable.Range(0, r.GuideRows.Length).Where(k => table.Genes[r.GuideRows[k]] == g).Select(k => col.FoldChange[k])).ToArray())).ToArray();
            var all = r.Guides.SelectMany(c => c.FoldChange).ToArray();
            list.Add((ScreenReporting.Save(ScreenPlots.SgrnaFoldChanges("Guide fold changes", "guide log2 fold change (drug / control)", perGene, all), dir, "guide_fc", plotFiles),
                "DrugZ's log2 fold change of each guide of the chosen genes (all replicates); lines: median and 5–95 % range of all guides."));
            var sel = ci.Concat(ti).Distinct().ToArray();
            var norm = sel.Select(s =>
            {
                var col = table.Column(s);
                double sum = 0;
                foreach (var i in r.GuideRows) sum += col[i];
                var v = new double[r.GuideRows.Length];
                for (int k = 0; k < v.Length; k++) v[k] = 1e7 * col[r.GuideRows[k]] / sum;
                return (table.Samples[s], v);
            }).ToArray();
            list.Add((ScreenReporting.Save(ScreenPlots.CountDistributions("Counts normalised to 10⁷ reads", norm), dir, "count_distributions", plotFiles),
                "Distribution of counts per sample after DrugZ's normalisation to 10 million reads."));
            return list;
        }, cancel);
        DrugZWriter.WriteGenes(r, dir.File("drugz.txt")); files.Add("drugz.txt");
        DrugZWriter.WriteGuides(table, r, ci, dir.File("drugz_foldchange.txt")); files.Add("drugz_foldchange.txt");
        Func<string, (string, double)> role = s =>
            ci.Any(c => table.Samples[c] == s) ? ("control", double.NaN) : ti.Any(c => table.Samples[c] == s) ? ("treatment", double.NaN) : ("not used", double.NaN);
        ScreenReporting.WriteQc(qc, role, dir.File("count_summary.txt")); files.Add("count_summary.txt");
        var figures = ScreenReporting.Await(figureTask);
        files.AddRange(plotFiles);
        int synthHits = r.Genes.Count(g => g.FdrSynth < HitFdr), suppHits = r.Genes.Count(g => g.FdrSupp < HitFdr);
        var rep = new HtmlReport($"Drug–gene interaction screen (DrugZ): {Path.GetFileName(o.Input)}");
        rep.Heading("Summary");
        rep.Paragraph($"{r.GuideRows.Length:N0} guides, {r.Genes.Count:N0} genes scored; drug {string.Join(", ", ti.Select(s => table.Samples[s]))} against control {string.Join(", ", ci.Select(s => table.Samples[s]))}"
                      + (o.DrugZ.Unpaired ? " (unpaired: means of the replicates)" : " (paired replicates)") + $"; variance window ±{o.DrugZ.HalfWindow} guides. "
                      + $"{synthHits} synthetic (sensitising) and {suppHits} suppressor interactions at FDR < {HitFdr}.");
        ScreenReporting.Warnings(rep, r.Warnings);
        rep.Heading("Count QC");
        ScreenReporting.QcTable(rep, qc, role);
        foreach (var (title, synth) in new[] { ("Top synthetic interactions (drug sensitisers)", true), ("Top suppressor interactions", false) })
        {
            rep.Heading(title);
            rep.Table(["gene", "rank", "normZ", "sumZ", "obs", "p-value", "FDR"],
                (synth ? bySynth : bySupp).Take(20).Select(g => (IReadOnlyList<string>)[g.Gene, (synth ? g.RankSynth : g.RankSupp).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    NumberFormat.Pretty(g.NormZ), NumberFormat.Pretty(g.SumZ), g.NumObs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    NumberFormat.Pretty(synth ? g.PSynth : g.PSupp), NumberFormat.Pretty(synth ? g.FdrSynth : g.FdrSupp)]));
        }
        if (figures.Count > 0)
        {
            rep.Heading("Figures");
            foreach (var (png, caption) in figures) rep.PngFigure(png, caption);
        }
        rep.Heading("Methods");
        rep.Note("DrugZ 1.1.0.2 semantics (Colic et al. 2019, Genome Med 11:52, doi:10.1186/s13073-019-0665-3) as drugz.py computes them with pandas 1.x: counts normalised to 10⁷, "
                 + "log2 fold change with pseudocount, empirical-Bayes σ in windows of guides sorted by control reads (monotone, step 25), gene normZ as a population z-score of sumZ/√n, normal p-values and BH FDRs (see docs/screens.md).");
        rep.Save(dir.File("report.html")); files.Add("report.html");
        dir.Commit();
        return new DrugZJobResult(dir.FinalPath, r.GuideRows.Length, r.Genes.Count, synthHits, suppHits, files, r.Warnings, r);
    }
}
