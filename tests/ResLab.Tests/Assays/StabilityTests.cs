using ResLab.Assays;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using Xunit;

namespace ResLab.Tests.Assays;

public sealed class StabilityTests
{
    [Fact]
    public void DrugFreeCultureOfAPopulationWithoutPersistersChangesNothing()
    {
        var line = Catalogue.Default.CellLine("CAL27");
        var pop = Population.Seed(line, 100_000);
        Assert.Equal(0, pop.Count(CellState.Persister));
        var after = StabilityAssay.CultureDrugFree(pop, new StabilityOptions { Weeks = 4, Seed = 2 });
        Assert.Equal(0, after.Count(CellState.Persister) / Math.Max(1, after.Total / 100)); // < 1 % persisters
        // the noise-free MTT of the population before and after: the same response at every concentration
        var m = new WellModel(line);
        var o = new MttOptions();
        foreach (var c in o.Concentrations)
        {
            double R(Population p)
            {
                var cells = p.Clones.Select(x => (x.Phenotype, new[] { (double)x.Cycling, x.Quiescent, x.Persister, x.Doomed }.Select(v => v * 3000 / p.Total).ToArray())).ToList();
                return m.Run(cells, o.WellCapacity, [new AssayDrug("cisplatin", c)], 24, 72).Total / m.Run(cells, o.WellCapacity, [], 24, 72).Total;
            }
            Assert.InRange(R(after) - R(pop), -0.02, 0.02);
        }
    }
}
