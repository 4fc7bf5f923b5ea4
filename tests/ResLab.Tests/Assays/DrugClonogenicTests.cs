using ResLab.Analysis.DoseResponse;
using ResLab.Assays;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using ResLab.Storage;
using Xunit;

namespace ResLab.Tests.Assays;

/// <summary>The drug clonogenic assay: its per-cell survival against the stochastic engine, and the colony table read back by the dose–response fit.</summary>
public sealed class DrugClonogenicTests
{
    private static readonly CellLine Cal27 = Catalogue.Default.CellLine("CAL27");

    [Fact]
    public void WashoutWellModelMatchesTheStochasticEngine()
    {
        // 24 h of cisplatin, wash, 72 h drug-free: the mean-field well (used for each cell's survival) against the
        // engine itself (exact SSA / birth–death kernel) in a 96-well flask, evolution off, living = not doomed.
        var pop = Population.Seed(Cal27, 3000);
        var m = new WellModel(Cal27);
        foreach (var dose in new[] { 0.0, 5.0, 20.0 })
        {
            var cells = pop.Clones.Select(x => (x.Phenotype, new double[] { x.Cycling, x.Quiescent, x.Persister, x.Doomed })).ToList();
            var w = m.RunWithWashout(cells, Flask.Well96.Capacity, dose > 0 ? [new AssayDrug("cisplatin", dose)] : [], 24, 72, []);
            double expected = w.Total - w.State(CellState.Doomed);
            double sum = 0;
            const int reps = 4;
            for (int r = 0; r < reps; r++)
            {
                var c = new Culture(pop, Flask.Well96, new EngineSettings { Evolution = false }, seed: 13, replicate: (ulong)r);
                if (dose > 0) c.SetDrug("cisplatin", dose);
                c.AdvanceTo(24);
                if (dose > 0) c.RemoveDrug("cisplatin");
                c.AdvanceTo(96);
                sum += c.TotalCells - c.Count(CellState.Doomed);
            }
            Assert.InRange(sum / reps / expected, 0.9, 1.1);
        }
    }

    [Fact]
    public void SurvivingFractionFallsWithDoseAndKeap1LossRaisesTheClonogenicIc50()
    {
        var parent = new AssaySample("parental", Population.Seed(Cal27, 1_000_000));
        var keap1 = new AssaySample("keap1_null", Population.FromPhenotypes(Cal27, [(Phenotype.Founder(Cal27.Genotype.With(Mutations.Keap1)), 1_000_000)]));
        var dir = Path.Combine(Path.GetTempPath(), "reslab-dcfa-" + Guid.NewGuid().ToString("N"));
        try
        {
            var o = new DrugClonogenicOptions { Concentrations = [0.3, 1, 3, 10, 30, 100], Seed = 4 };
            var files = DrugClonogenicAssay.Run([parent, keap1], o, Path.Combine(dir, "a"));
            var again = DrugClonogenicAssay.Run([parent, keap1], o, Path.Combine(dir, "b"));
            Assert.Equal(File.ReadAllText(files.Counts), File.ReadAllText(again.Counts)); // same seed, same dishes
            var sf = TidyTable.Read(files.SurvivingFraction);
            int line = sf.Require("line"), conc = sf.Require("concentration_um"), f = sf.Require("surviving_fraction"), exp = sf.Require("experiment");
            foreach (var name in new[] { "parental", "keap1_null" })
            {
                var rows = Enumerable.Range(0, sf.RowCount).Where(i => sf.Cell(i, line) == name).ToList();
                // the vehicle dishes of each experiment average exactly 1 (they define its plating efficiency)
                foreach (var g in rows.Where(i => sf.Number(i, conc) == 0).GroupBy(i => sf.Cell(i, exp)))
                    Assert.Equal(1.0, g.Average(i => sf.Number(i, f)), 5); // printed to 6 significant digits
                var means = rows.GroupBy(i => sf.Number(i, conc)).OrderBy(g => g.Key).Select(g => g.Average(i => sf.Number(i, f))).ToList();
                for (int k = 2; k < means.Count; k++) Assert.True(means[k] < means[k - 1] + 0.05, $"{name}: SF rises between doses {k - 1} and {k}");
                Assert.True(means[^1] < 0.1, $"{name}: 100 µM leaves {means[^1]:P0} clonogenic survival");
            }
            var set = TidyCurveReader.Read(files.SurvivingFraction, new TidyCurveReader.Options());
            var ic = set.Curves.ToDictionary(c => c.Name, c => DoseResponseModel.LL4.Fit(c.Data).AbsoluteIc50().Estimate);
            double p = ic.Single(kv => kv.Key.Contains("parental")).Value, k1 = ic.Single(kv => kv.Key.Contains("keap1")).Value;
            Assert.InRange(p, 0.3, 30); // a parental HNSCC line: µM range (MODEL.md §6)
            Assert.True(k1 > 1.2 * p, $"KEAP1-null clonogenic IC50 {k1:G3} vs parental {p:G3} µM");
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
