using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>
/// The main job of the Quick start (<c>reslab demo</c>): every analysis on the shipped example data, each in its own
/// sub-directory with its own report, plus an index <c>report.html</c> that summarises them and links to each.
/// The whole output directory appears complete or not at all.
/// </summary>
public static class DemoJob
{
    public sealed record Options(string OutputDirectory, string? ExamplesDirectory = null, int? Threads = null);

    /// <summary>One finished part of the demo: where its outputs are and what it found.</summary>
    public sealed record Part(string Directory, string Title, string Summary);

    public sealed record Result(string OutputDirectory, IReadOnlyList<Part> Parts);

    public static Result Run(Options o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var examples = o.ExamplesDirectory ?? FindExamples();
        string Example(params string[] parts)
        {
            var p = Path.Combine([examples, .. parts]);
            if (!File.Exists(p)) throw new UserInputException("the shipped example file is missing; expected the repository's examples/ directory (or --examples DIR)", new InputLocation(p));
            return p;
        }

        using var dir = OutputDirectory.Begin(o.OutputDirectory);
        var parts = new List<Part>();

        var tidy = DoseResponseJob.Run(new DoseResponseJobOptions
        {
            Input = Example("dose-response", "cisplatin_parental_vs_resistant.csv"),
            OutputDirectory = Path.Combine(dir.Path, "dose-response"),
            GroupBy = ["line"],
            Reference = "parental",
            Threads = o.Threads,
        }, progress, cancel);
        parts.Add(new Part("dose-response", "Cisplatin MTT, parental vs resistant (tidy table)",
            $"{tidy.Converged} of {tidy.Curves} curves fitted (LL.4, drc CIs); {RatioSummary(Path.Combine(dir.Path, "dose-response", "ratios.csv"))}"));

        var plate = DoseResponseJob.Run(new DoseResponseJobOptions
        {
            Input = Example("dose-response", "plate_cisplatin_mtt.csv"),
            Layout = Example("dose-response", "plate_cisplatin_layout.csv"),
            OutputDirectory = Path.Combine(dir.Path, "plate"),
            Reference = "parental",
            Ci = CiMethod.Prism,
            Threads = o.Threads,
        }, progress, cancel);
        parts.Add(new Part("plate", "Cisplatin MTT, a 96-well plate with its layout (Prism-style CIs)",
            $"{plate.Converged} of {plate.Curves} curves fitted; {RatioSummary(Path.Combine(dir.Path, "plate", "ratios.csv"))}"));

        var gr = GrJob.Run(new GrJob.Options(Example("dose-response", "gr_cisplatin_caseA.csv"), Path.Combine(dir.Path, "gr")), progress);
        parts.Add(new Part("gr", "GR metrics from cell counts (GRmetrics Case A)",
            $"{gr.Experiments} experiments from {gr.Wells} treated wells: {gr.Sigmoid} sigmoid, {gr.Experiments - gr.Sigmoid} flat GR curves"));

        foreach (var (file, sub, title) in new[]
                 {
                     ("cisplatin-escalation-cal27.yaml", "escalation", "Demonstration 1: cisplatin dose escalation on CAL27, virtual MTT at checkpoints (reduced size)"),
                     ("reversal-nrf2-high.yaml", "reversal", "Demonstration 2: reversal of NRF2-high resistance by telaglenastat, BSO and ML385"),
                 })
        {
            var ex = ExperimentJob.Run(new ExperimentJob.Options(Example("experiments", file), Path.Combine(dir.Path, sub), Quick: true, o.Threads), progress, cancel);
            parts.Add(new Part(sub, title, ExperimentSummary(ex)));
        }

        WriteIndex(parts, dir.File("report.html"));
        dir.Commit();
        return new Result(dir.FinalPath, parts);
    }

    /// <summary>The experiment's resistance indices (final checkpoint of each MTT) and shifts, as one line.</summary>
    private static string ExperimentSummary(ExperimentJob.Result r)
    {
        var shifted = r.Rows.Where(x => x.Metric == "ic50_shift_vs_reference_alone").Select(x => x.Assay).ToHashSet();
        var ri = r.Rows.Where(x => (x.Metric == "resistance_index" && !shifted.Contains(x.Assay)) || (x.Metric == "ic50_shift_vs_reference_alone" && x.Sample != r.Experiment.Reference))
            .GroupBy(x => (x.Assay, x.Metric)).Select(g => g.OrderBy(x => x.TimeDays).Last())
            .Select(x => $"{x.Assay} {x.Sample}: {(x.Metric == "resistance_index" ? "RI" : "IC50 shift vs parental alone")} {NumberFormat.Pretty(x.Estimate)} " +
                         $"(95 % CI {NumberFormat.Pretty(x.Lower)}–{NumberFormat.Pretty(x.Upper)})");
        var gsh = r.Rows.Where(x => x.Metric == "gsh_mM" && x.Assay == "gsh").Select(x => $"GSH {x.Sample} {NumberFormat.Pretty(x.Estimate)} mM");
        return string.Join("; ", ri.Concat(gsh)) + $" ({r.Elapsed.TotalSeconds:0.0} s)";
    }

    private static string RatioSummary(string ratiosCsv)
    {
        if (!File.Exists(ratiosCsv)) return "no ratio";
        var t = TidyTable.Read(ratiosCsv);
        int ratio = t.Require("ratio"), lo = t.Require("ratio_lower"), hi = t.Require("ratio_upper"), p = t.Require("p_value"), reference = t.Require("reference");
        var rows = Enumerable.Range(0, t.RowCount).Select(r =>
            $"resistance index vs {t.Cell(r, reference)} {NumberFormat.Pretty(t.Number(r, ratio))} " +
            $"(95 % CI {NumberFormat.Pretty(t.Number(r, lo))}–{NumberFormat.Pretty(t.Number(r, hi))}, p = {NumberFormat.Pretty(t.Number(r, p))})");
        return string.Join("; ", rows);
    }

    private static void WriteIndex(IReadOnlyList<Part> parts, string path)
    {
        var rep = new HtmlReport("ResLab demo: the analyses on the shipped example data");
        rep.Heading("Summary");
        rep.Paragraph("Each part below ran on a file under examples/ and wrote its own tables, plots and report into a sub-directory of this one. " +
                      "The example data are simulated and illustrative (see examples/dose-response/README.md).");
        rep.Table(["part", "what", "result"], parts.Select(p => (IReadOnlyList<string>)[p.Directory + "/", p.Title, p.Summary]));
        rep.Heading("Reports");
        rep.Html("<ul>" + string.Concat(parts.Select(p => $"<li><a href=\"{HtmlReport.Esc(p.Directory)}/report.html\">{HtmlReport.Esc(p.Title)}</a></li>")) + "</ul>");
        rep.Save(path);
    }

    /// <summary>The repository's examples/ directory: the first one found above the working directory or above the program.</summary>
    public static string FindExamples()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "examples");
                if (Directory.Exists(Path.Combine(candidate, "dose-response"))) return candidate;
            }
        throw new UserInputException("cannot find the shipped examples/ directory above the working directory or the program; run from the ResLab repository or pass --examples DIR",
            new InputLocation(Field: "--examples"));
    }
}
