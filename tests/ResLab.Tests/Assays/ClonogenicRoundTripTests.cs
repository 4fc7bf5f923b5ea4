using ResLab.Analysis.Clonogenic;
using ResLab.Assays;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using Xunit;
using ClonogenicAssayOptions = ResLab.Assays.ClonogenicOptions;

namespace ResLab.Tests.Assays;

public sealed class ClonogenicRoundTripTests
{
    [Fact]
    public void NeutralModifiersGiveBackTheCataloguesAlphaAndBetaThroughTheLqFit()
    {
        var line = Catalogue.Default.CellLine("CAL27");
        var L = new LineModel(line);
        var pop = Population.Seed(line, 2_000_000);
        var path = Path.Combine(Path.GetTempPath(), "reslab-cfa-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            ClonogenicAssay.Run([new AssaySample("CAL27", pop)], new ClonogenicAssayOptions { NeutralModifiers = true, Experiments = 4, Seed = 9 }, path);
            var r = ClonogenicAnalysis.Run(ClonogenicReader.Read(path), new ResLab.Analysis.Clonogenic.ClonogenicOptions());
            var f = Assert.Single(r.Fits);
            double z = 1.96;
            Assert.InRange(L.Alpha, f.Alpha - z * f.AlphaSe, f.Alpha + z * f.AlphaSe);
            Assert.InRange(L.Beta, f.Beta - z * f.BetaSe, f.Beta + z * f.BetaSe);
            Assert.True(f.AlphaSe < 0.5 * L.Alpha); // informative, not a vacuous interval
        }
        finally { File.Delete(path); }
    }
}
