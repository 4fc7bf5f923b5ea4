using ResLab.Biology;

namespace ResLab.Tests.Simulation;

public class CatalogueTests
{
    [Fact]
    public void Every_number_has_a_source_and_every_parameter_a_default()
    {
        var cat = Catalogue.Default;
        foreach (var p in ParameterSchema.All) Assert.False(string.IsNullOrWhiteSpace(cat.Defaults.Get(p.Key).Source), p.Key);
        foreach (var l in cat.CellLines)
        {
            Assert.All(l.Parameters.Values, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value.Source)));
            Assert.All(l.GenotypeFacts, f => Assert.False(string.IsNullOrWhiteSpace(f.Source)));
            Assert.All(l.BasalTraits, t => Assert.False(string.IsNullOrWhiteSpace(t.Value.Source)));
        }
        Assert.Equal(300.05, cat.Drug("CDDP").MolarMass.Value);
        Assert.Equal(Trait.Gls1, cat.Drug("CB-839").Target);
        Assert.Equal(1.3e-2 * 3600 / 1e6, cat.Defaults["gsh_conjugation"], 15); // /M/s → /uM/h
        Assert.Equal(8, cat.CellLines.Count);
    }
}
