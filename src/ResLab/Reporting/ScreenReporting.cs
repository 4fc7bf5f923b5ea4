using ResLab.Screens;
using ResLab.Storage;

namespace ResLab.Reporting;

/// <summary>Pieces shared by the screen jobs: the count QC table, gene choice for the fold-change plot, figure saving.</summary>
internal static class ScreenReporting
{
    public static readonly string[] QcHeader = ["Label", "Reads", "Mapped", "Percentage", "TotalsgRNAs", "Zerocounts", "GiniIndex", "Role", "SizeFactor"];

    /// <summary>MAGeCK's count-summary columns (from a count table, reads = mapped reads) plus each sample's role and size factor.</summary>
    public static void WriteQc(IReadOnlyList<SampleQc> qc, Func<string, (string Role, double Factor)> role, string path)
    {
        using var w = new DelimitedWriter(path, QcHeader, '\t', quote: false);
        foreach (var q in qc)
        {
            var (r, f) = role(q.Sample);
            w.Values(q.Sample, q.MappedReads, q.MappedReads, 1.0, q.Sgrnas, q.ZeroSgrnas, q.Gini, r, f);
        }
    }

    public static void QcTable(HtmlReport rep, IReadOnlyList<SampleQc> qc, Func<string, (string Role, double Factor)> role)
    {
        rep.Table(["sample", "role", "mapped reads", "zero-count sgRNAs", "zero fraction", "Gini index", "size factor"],
            qc.Select(q =>
            {
                var (r, f) = role(q.Sample);
                return (IReadOnlyList<string>)[q.Sample, r, q.MappedReads.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    q.ZeroSgrnas.ToString(System.Globalization.CultureInfo.InvariantCulture), NumberFormat.Pretty(q.ZeroFraction, 3), NumberFormat.Pretty(q.Gini, 3),
                    double.IsNaN(f) ? "" : NumberFormat.Pretty(f, 5)];
            }), "Count QC per sample (Gini index of log(count + 1) as mageck count computes it; MAGeCK suggests ≲ 0.1 for plasmid or early samples and ≲ 0.2 for late ones)");
    }

    /// <summary>
    /// The genes of the fold-change figure: the ones asked for (each must exist; the nearest name is suggested), or
    /// by default the top three of each direction.
    /// </summary>
    public static IReadOnlyList<string> ChooseGenes(IReadOnlyList<string>? asked, CountTable t, IEnumerable<string> defaults)
    {
        if (asked is null || asked.Count == 0) return defaults.Distinct(StringComparer.Ordinal).Take(8).ToArray();
        var known = new HashSet<string>(t.Genes, StringComparer.Ordinal);
        foreach (var g in asked)
            if (!known.Contains(g))
                throw new UserInputException($"no gene '{g}' in the count table{NameMatcher.Hint(g, known)}", new InputLocation(t.Source, Field: "--genes"));
        return asked.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Saves a figure as PNG and SVG under plots/ and returns the PNG bytes for the report.</summary>
    public static byte[] Save(ScottPlot.Plot plot, OutputDirectory dir, string name, List<string> files, int width = 720, int height = 460)
    {
        var png = PlotStyle.Png(plot, width, height);
        AtomicFile.Write(dir.File($"plots/{name}.png"), s => s.Write(png));
        AtomicFile.WriteText(dir.File($"plots/{name}.svg"), PlotStyle.Svg(plot, width, height));
        files.Add($"plots/{name}.png");
        files.Add($"plots/{name}.svg");
        return png;
    }

    /// <summary>The result of a background task, with its own exception (not an AggregateException).</summary>
    public static T Await<T>(Task<T> task)
    {
        try { return task.GetAwaiter().GetResult(); }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1) { throw e.InnerExceptions[0]; }
    }

    /// <summary>Waits for a background task, rethrowing its own exception.</summary>
    public static void Await(Task task)
    {
        try { task.GetAwaiter().GetResult(); }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1) { throw e.InnerExceptions[0]; }
    }

    /// <summary>Waits for background tasks to end, whatever their outcome (the caller is already failing with its own error).</summary>
    public static void Settle(IEnumerable<Task> tasks)
    {
        foreach (var t in tasks)
            try { t.Wait(); }
            catch (AggregateException) { /* the first error is the one reported */ }
    }

    public static void Warnings(HtmlReport rep, IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0) return;
        rep.Heading("Warnings");
        rep.Html("<ul>" + string.Concat(warnings.Select(w => $"<li class=\"flag\">{HtmlReport.Esc(w)}</li>")) + "</ul>");
    }
}
