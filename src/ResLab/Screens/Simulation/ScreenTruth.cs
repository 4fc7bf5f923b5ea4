using ResLab.Storage;

namespace ResLab.Screens.Simulation;

/// <summary>The expected direction of a gene in a comparison.</summary>
public enum Direction { None, Up, Down }

/// <summary>
/// What a gene truly does in a simulated screen: its effect class and knock-out, its sgRNAs' mean efficiency, the
/// knock-out's log2 fitness relative to wild type in each arm (the phenotype itself), and the log2 fold changes a
/// perfect measurement would see — each arm against T0, each non-reference arm against the reference — with the
/// directions they imply (|LFC| ≥ the design's truth threshold).
/// </summary>
public sealed record GeneTruth(string Gene, string Class, string Effect, int Sgrnas, double MeanEfficiency,
    IReadOnlyDictionary<string, double> KoLog2Fitness, IReadOnlyDictionary<string, double> ExpectedLfcVsT0, IReadOnlyDictionary<string, Direction> DirectionVsT0,
    IReadOnlyDictionary<string, double> ExpectedLfcVsReference, IReadOnlyDictionary<string, Direction> DirectionVsReference)
{
    public bool IsControl => Class == GeneEffects.ControlClass;
}

public static class ScreenTruth
{
    /// <summary>
    /// Expected fold changes from the class laws: an sgRNA of efficiency e whose knock-out has relative growth G before
    /// T0 and Gₐ in arm a is, relative to wild-type sgRNAs, at e·G + 1 − e at T0 and e·G·Gₐ + 1 − e at the harvest
    /// (cells whose knock-out did not take grow as wild type); the gene's value is the median over its sgRNAs (as MAGeCK's
    /// gene LFC). Partners of multiply infected cells are left out: they act on every sgRNA alike.
    /// </summary>
    public static IReadOnlyList<GeneTruth> Compute(ScreenDesign d, PhenotypeClasses classes, IReadOnlyList<OffspringLaw> pre, IReadOnlyList<IReadOnlyList<OffspringLaw>> arms)
    {
        var lib = d.Library;
        var names = d.Selection.Arms.Select(a => a.Name).ToArray();
        string reference = d.Selection.Reference;
        int refIndex = Array.IndexOf(names, reference);
        static double Rel(IReadOnlyList<OffspringLaw> laws, int c) => laws[PhenotypeClasses.WildType].Mean > 0 ? laws[c].Mean / laws[PhenotypeClasses.WildType].Mean : 0;
        var byGene = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var order = new List<string>();
        for (int s = 0; s < lib.Count; s++)
        {
            if (!byGene.TryGetValue(lib.Genes[s], out var l)) { byGene[lib.Genes[s]] = l = new List<int>(); order.Add(lib.Genes[s]); }
            l.Add(s);
        }
        var result = new List<GeneTruth>();
        foreach (var gene in order)
        {
            var sg = byGene[gene];
            bool control = sg.All(s => lib.IsControl[s]);
            int effect = classes.SgrnaEffect[sg[0]];
            int c = classes.SingleClass(effect);
            var e = effect >= 0 ? classes.Effects[effect] : null;
            var fit = new Dictionary<string, double>();
            var vsT0 = new Dictionary<string, double>();
            var vsRef = new Dictionary<string, double>();
            var dir = new Dictionary<string, Direction>();
            var dirT0 = new Dictionary<string, Direction>();
            double gPre = Rel(pre, c);
            var end = new double[names.Length][];
            for (int a = 0; a < names.Length; a++)
            {
                double g = Rel(arms[a], c);
                fit[names[a]] = g > 0 ? Math.Log2(g) : double.NegativeInfinity;
                end[a] = sg.Select(s => Abundance(lib.Efficiency[s], gPre * g, control)).ToArray();
                var t0 = sg.Select(s => Abundance(lib.Efficiency[s], gPre, control)).ToArray();
                vsT0[names[a]] = Median(end[a].Select((x, k) => Math.Log2(x / t0[k])));
                dirT0[names[a]] = Classify(vsT0[names[a]], d.TruthThreshold);
            }
            for (int a = 0; a < names.Length; a++)
            {
                if (a == refIndex) continue;
                double lfc = Median(end[a].Select((x, k) => Math.Log2(x / end[refIndex][k])));
                vsRef[names[a]] = lfc;
                dir[names[a]] = Classify(lfc, d.TruthThreshold);
            }
            string cls = control ? GeneEffects.ControlClass : e?.Class ?? d.Effects.Find(gene)?.Class ?? GeneEffects.NeutralClass;
            result.Add(new GeneTruth(gene, cls, e?.Describe() ?? "none", sg.Count, sg.Average(s => lib.Efficiency[s]), fit, vsT0, dirT0, vsRef, dir));
        }
        return result;
    }

    private static Direction Classify(double lfc, double threshold) => lfc >= threshold ? Direction.Up : lfc <= -threshold ? Direction.Down : Direction.None;

    /// <summary>Relative abundance of an sgRNA: its knock-out cells (fraction e, growth g) and the rest (wild type).</summary>
    private static double Abundance(double efficiency, double growth, bool control) => control ? 1 : efficiency * growth + (1 - efficiency);

    private static double Median(IEnumerable<double> values)
    {
        var v = values.ToArray();
        Array.Sort(v);
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    public static string Spell(Direction d) => d switch { Direction.Up => "up", Direction.Down => "down", _ => "none" };

    /// <summary>Writes the truth table (TSV): gene, class, effect, sgRNAs, mean efficiency, then per arm and comparison.</summary>
    public static void Write(ScreenDesign d, IReadOnlyList<GeneTruth> truth, string path)
    {
        var names = d.Selection.Arms.Select(a => a.Name).ToArray();
        var others = names.Where(a => a != d.Selection.Reference).ToArray();
        var header = new List<string> { "gene", "class", "effect", "sgrnas", "mean_efficiency" };
        header.AddRange(names.Select(a => $"ko_log2_fitness_{a}"));
        foreach (var a in names) { header.Add($"expected_lfc_{a}_vs_T0"); header.Add($"direction_{a}_vs_T0"); }
        foreach (var a in others) { header.Add($"expected_lfc_{a}_vs_{d.Selection.Reference}"); header.Add($"direction_{a}_vs_{d.Selection.Reference}"); }
        AtomicFile.Write(path, st =>
        {
            using var w = new DelimitedWriter(new StreamWriter(st, new System.Text.UTF8Encoding(false)), header, '\t', quote: false);
            foreach (var g in truth)
            {
                var row = new List<string> { g.Gene, g.Class, g.Effect, NumberFormat.Format(g.Sgrnas), NumberFormat.Format(g.MeanEfficiency) };
                row.AddRange(names.Select(a => NumberFormat.Format(g.KoLog2Fitness[a])));
                foreach (var a in names) { row.Add(NumberFormat.Format(g.ExpectedLfcVsT0[a])); row.Add(Spell(g.DirectionVsT0[a])); }
                foreach (var a in others) { row.Add(NumberFormat.Format(g.ExpectedLfcVsReference[a])); row.Add(Spell(g.DirectionVsReference[a])); }
                w.Row(row);
            }
        });
    }
}
