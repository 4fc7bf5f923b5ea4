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

/// <summary>A user catalogue's <c>parameters</c> replace the model defaults of every line, but not a line's own values.</summary>
public class UserCatalogueTests
{
    [Fact]
    public void User_parameters_reach_shipped_lines_except_values_the_line_sets_itself()
    {
        var file = Path.Combine(Cli.CliRunner.TempDir(), "defaults.yaml");
        File.WriteAllText(file, "parameters:\n  gcl_synthesis: { value: 0.75 mM/h, source: \"test: doubled\" }\n  doubling_time: { value: 20 h, source: \"test\" }\n");
        var shipped = Catalogue.Default;
        var user = shipped.WithUserFile(file);
        Assert.Equal(2 * shipped.CellLine("CAL27").Parameters["gcl_synthesis"], user.CellLine("CAL27").Parameters["gcl_synthesis"], 12);
        Assert.Equal("test: doubled", user.CellLine("FaDu").Parameters.Get("gcl_synthesis").Source);
        Assert.Equal(2 * shipped.Defaults["gcl_synthesis"], user.Defaults["gcl_synthesis"], 12);
        // CAL27 states its own doubling time (cell-lines.yaml): it stays; the generic default changes
        Assert.Equal(shipped.CellLine("CAL27").Parameters["doubling_time"], user.CellLine("CAL27").Parameters["doubling_time"]);
        Assert.Equal(20, user.Defaults["doubling_time"], 12);
        // every other parameter of every line is untouched
        foreach (var l in shipped.CellLines)
            foreach (var (k, v) in l.Parameters.Values.Where(kv => kv.Key is not ("gcl_synthesis" or "doubling_time")))
                Assert.Equal(v, user.CellLine(l.Name).Parameters.Get(k));
    }
}
