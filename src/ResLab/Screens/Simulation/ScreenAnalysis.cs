using ResLab.Screens.DrugZ;
using ResLab.Screens.Mageck;

namespace ResLab.Screens.Simulation;

/// <summary>One arm against the reference arm, analysed by MAGeCK test and DrugZ, and scored against the truth.</summary>
public sealed record ScreenComparison(string Arm, string Reference, IReadOnlyList<string> Treatment, IReadOnlyList<string> Control,
    MageckTestResult Mageck, DrugZResult? DrugZ, IReadOnlyList<RankingMetrics> Metrics, IReadOnlyList<string> Warnings);

/// <summary>
/// Analyses a simulated screen as a lab would analyse the real one — every non-reference arm's replicates (treatment)
/// against the reference arm's (control), with MAGeCK test (RRA, default options) and DrugZ (paired by replicate
/// number) — and scores both rankings against the truth in both directions.
/// </summary>
public static class ScreenAnalysis
{
    public const double DefaultFdr = 0.1;

    public static IReadOnlyList<ScreenComparison> Run(ScreenSimulationResult r, double fdr = DefaultFdr, int? threads = null, CancellationToken cancel = default)
    {
        var d = r.Design;
        var list = new List<ScreenComparison>();
        var control = Samples(d, d.Selection.Reference);
        foreach (var arm in d.Selection.Arms.Where(a => a.Name != d.Selection.Reference))
        {
            cancel.ThrowIfCancellationRequested();
            var treatment = Samples(d, arm.Name);
            var warnings = new List<string>();
            var m = MageckTest.Run(r.Counts, new MageckTestOptions { Treatment = treatment, Control = control, Threads = threads }, cancel: cancel);
            warnings.AddRange(m.Warnings.Select(w => "MAGeCK: " + w));
            DrugZResult? z = null;
            // DrugZ's variance window needs more than half its width in guides; small libraries get a narrower window.
            int hws = Math.Min(500, Math.Max(1, r.Counts.SgrnaCount / 2 - 1));
            if (hws < 500) warnings.Add($"DrugZ: half window {hws} guides (500 needs more than 250 guides)");
            try
            {
                z = DrugZAnalysis.Run(r.Counts, new DrugZOptions { Treatment = treatment, Control = control, HalfWindow = hws }, cancel);
                warnings.AddRange(z.Warnings.Select(w => "DrugZ: " + w));
            }
            catch (UserInputException e) { warnings.Add("DrugZ could not run: " + e.Message); }
            var metrics = new List<RankingMetrics>();
            foreach (var dir in new[] { Direction.Up, Direction.Down })
            {
                metrics.Add(ScreenEvaluation.Evaluate(r.Truth, arm.Name, GeneRanking.FromMageck(m, dir), fdr));
                if (z is not null) metrics.Add(ScreenEvaluation.Evaluate(r.Truth, arm.Name, GeneRanking.FromDrugZ(z, dir), fdr));
            }
            list.Add(new ScreenComparison(arm.Name, d.Selection.Reference, treatment, control, m, z, metrics, warnings));
        }
        return list;
    }

    /// <summary>The count table's samples of an arm: NAME_1 … NAME_R.</summary>
    public static string[] Samples(ScreenDesign d, string arm) => Enumerable.Range(1, d.Selection.Replicates).Select(k => $"{arm}_{k}").ToArray();
}
