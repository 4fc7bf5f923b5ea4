using ResLab.Biology;
using ResLab.Model;
using ResLab.Protocols;
using ResLab.Screens.Simulation;
using ResLab.Simulation;
using ResLab.Simulation.Random;
using ResLab.Tests.Simulation.Random;

namespace ResLab.Tests.Screens.Simulation;

/// <summary>
/// The shortcut that makes genome-scale screens cheap — one engine clone per phenotype class, each sgRNA drawn from the
/// class's offspring law — against the direct way: one engine clone per sgRNA, run through the same protocol.
/// </summary>
public class ClassLawTests
{
    private static readonly EngineSettings Engine = new() { Evolution = false, RecordEvery = 1e9, MaxStep = 1 };

    [Fact]
    public void Class_laws_reproduce_one_engine_clone_per_sgRNA_under_cisplatin_and_bottlenecks()
    {
        var line = Catalogue.Default.CellLine("CAL27");
        var wt = Phenotype.Founder(line.Genotype);
        var ner = wt.Shifted(Trait.Ner, -3);
        var keap1 = wt.WithGenotype(line.Genotype.With(Mutations.Keap1));
        Phenotype[] classes = [wt, ner, keap1];
        const int perClass = 120;
        const long n0 = 300;
        long total = classes.Length * perClass * n0;
        Rule[] cisplatin = [new Rule(new AtTrigger(0), [new SetDrugAction("cisplatin", 2)])];
        const double every = 72, duration = 9 * 24;

        // direct: one clone per sgRNA (the tag keeps equal phenotypes apart)
        var direct = new Culture(Population.FromPhenotypes(line, Enumerable.Range(0, classes.Length * perClass).Select(i => (classes[i / perClass].WithTag(i + 1), n0))),
            new Flask(total / 0.1), Engine, seed: 5, replicate: 0);
        new ProtocolRunner(ScreenSimulator.ArmProtocol(line, "direct", cisplatin, every, duration, direct.Flask, total, 1), direct).Run();
        var byTag = direct.Readouts().ToDictionary(r => r.Phenotype.Tag, r => (double)r.Total);

        // classes: one clone per class, 1000 times larger, and one draw per sgRNA from its class's law
        const double scale = 1000;
        var engine = new Culture(Population.FromPhenotypes(line, classes.Select(p => (p, (long)(perClass * n0 * scale)))), new Flask(total * scale / 0.1), Engine, seed: 6, replicate: 0);
        var cc = new ClassCulture(engine, classes, scale);
        new ProtocolRunner(ScreenSimulator.ArmProtocol(line, "classes", cisplatin, every, duration, engine.Flask, (long)(total * scale), 1), engine).Run(default, _ => cc.Observe());
        Assert.Equal(2, cc.Passages.Count);

        for (int c = 0; c < classes.Length; c++)
        {
            var d = Enumerable.Range(0, perClass).Select(i => byTag.GetValueOrDefault(c * perClass + i + 1)).ToArray();
            var b = Enumerable.Range(0, perClass).Select(i =>
            {
                var rng = new RandomStream(9, 0, StreamPurpose.User, (ulong)(c * perClass + i), 0);
                return (double)cc.Laws[c].Sample(ref rng, n0);
            }).ToArray();
            var (md, vd) = MeanVar(d);
            var (mb, vb) = MeanVar(b);
            Assert.True(Stats.ZP((md - mb) / Math.Sqrt(vd / perClass + vb / perClass)) > 1e-3, $"class {c}: mean {md} (one clone per sgRNA) vs {mb} (class law)");
            // the spread between sgRNAs (drift through growth, death and two bottlenecks) agrees too
            Assert.InRange(vb / vd, 0.65, 1.55);
        }
        // and the classes differ as the biology says: NER loss is depleted under cisplatin, KEAP1 loss enriched
        Assert.True(cc.Laws[1].Mean < 0.25 * cc.Laws[0].Mean);
        Assert.True(cc.Laws[2].Mean > cc.Laws[0].Mean);
    }

    private static (double Mean, double Var) MeanVar(double[] x)
    {
        double m = x.Average();
        return (m, x.Sum(v => (v - m) * (v - m)) / (x.Length - 1));
    }

    [Fact]
    public void Partner_set_probabilities_are_those_of_Poisson_thinning()
    {
        // a library where a quarter of the sgRNAs are lethal: at MOI 1 a cell has a lethal partner with probability 1 − e^{−λ}
        var design = ScreenFiles.Design(ScreenFiles.Minimal.Replace("moi: 0.3", "moi: 1"));
        var classes = new PhenotypeClasses(design, 1e-12);
        var lib = design.Library;
        int lethal = classes.Effects.ToList().FindIndex(e => e.Mutations.HasFlag(Mutations.Lethal));
        double lambda = Enumerable.Range(0, lib.Count).Where(s => classes.SgrnaEffect[s] == lethal).Sum(s => lib.Abundance[s] * lib.Efficiency[s]);
        double withLethal = classes.PartnerSets.Where(s => s.Effects.Contains(lethal)).Sum(s => s.P);
        Assert.Equal(-double.ExpM1(-lambda), withLethal, 4); // sets of four or more effects (~1e-5 at MOI 1) are not enumerated
        Assert.Equal(1, classes.PartnerSets.Sum(s => s.P), 9);
        // no partner effect at all: every effect's Poisson count is zero
        double all = Enumerable.Range(0, lib.Count).Where(s => classes.SgrnaEffect[s] >= 0).Sum(s => lib.Abundance[s] * lib.Efficiency[s]);
        Assert.Equal(Math.Exp(-all), classes.PartnerSets[0].P, 4); // sets of four or more effects (~1e-5) are folded into it
    }
}
