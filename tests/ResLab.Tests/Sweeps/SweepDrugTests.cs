using ResLab.Sweeps;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Sweeps;

/// <summary>Drug parameters (drugs.&lt;drug&gt;.ic50 …) reach the engine through the point's catalogue.</summary>
public class SweepDrugTests
{
    private static string Sweep(string dir, string values)
    {
        var protocol = Path.Combine(dir, "combo.yaml");
        File.WriteAllText(protocol, """
            cell_line: CAL27
            flask: { capacity: 2e4 cells, seeding: 2e3 cells }
            duration: 2 weeks
            schedule:
              - at: 0 h
                do:
                  - drug: { name: cisplatin, concentration: 2 uM }
                  - drug: { name: telaglenastat, concentration: 30 nM }
              - when: confluence >= 80%
                passage: 1:4
            """);
        var file = Path.Combine(dir, "drug.yaml");
        File.WriteAllText(file, $"""
            protocol: combo.yaml
            parameters:
              - path: drugs.telaglenastat.ic50
                name: ic50
                values: {values}
            replicates: 2
            seed: 4
            metrics: [final_cells, clones_alive, mean_gsh_mM]
            """);
        return file;
    }

    [Fact]
    public void The_catalogue_value_gives_the_rows_of_the_unchanged_drug_and_another_value_changes_them()
    {
        var dir = CliRunner.TempDir();
        var def = SweepReader.Load(Sweep(dir, "[24 nM, 2 uM]"));
        Assert.Equal(0.024, def.Catalogues[0].Drug("telaglenastat").Ic50!.Value, 12);
        Assert.Equal(2.0, def.Catalogues[1].Drug("telaglenastat").Ic50!.Value, 12);
        Assert.Equal(0.024, ResLab.Biology.Catalogue.Default.Drug("telaglenastat").Ic50!.Value, 12); // the built-in catalogue is untouched
        // identity: at the catalogue's own IC50 the row is the engine's run with the built-in catalogue (same point seed)
        var row = SweepRunner.RunOne(def, 0, 1);
        var sim = new ResLab.Simulation.Simulation(def.Protocols[0], new ResLab.Simulation.SimulationSettings { Seed = (ulong)row.Seed, Replicates = 2, Threads = 1 });
        var rep = sim.Run().Replicates[1];
        Assert.Equal(rep.Final.Total, row.Metrics[0]);
        Assert.Equal(rep.Series[^1].Means["mean_gsh_mM"], row.Metrics[2]);
        // a weaker inhibitor (IC50 2 µM ≫ 30 nM) leaves more glutathione: the value reached the engine
        var weak = SweepRunner.RunOne(def, 1, 1);
        Assert.True(weak.Metrics[2] > row.Metrics[2], $"GSH {weak.Metrics[2]} (IC50 2 uM) vs {row.Metrics[2]} (24 nM)");
    }

    [Fact]
    public void Unknown_drugs_and_drug_parameters_name_the_nearest()
    {
        var dir = CliRunner.TempDir();
        var f = Sweep(dir, "[24 nM]");
        File.WriteAllText(f, File.ReadAllText(f).Replace("drugs.telaglenastat.ic50", "drugs.telaglenastat.ic5"));
        Assert.Contains("did you mean 'ic50'?", Assert.Throws<UserInputException>(() => SweepReader.Load(f)).Message);
        File.WriteAllText(f, File.ReadAllText(f).Replace("drugs.telaglenastat.ic5", "drugs.telaglenstat.ic50"));
        Assert.Contains("did you mean 'telaglenastat'?", Assert.Throws<UserInputException>(() => SweepReader.Load(f)).Message);
        File.WriteAllText(f, File.ReadAllText(f).Replace("drugs.telaglenstat.ic50", "drugs.telaglenastat.ic50").Replace("[24 nM]", "[3 days]"));
        Assert.Contains("point 0", Assert.Throws<UserInputException>(() => SweepReader.Load(f)).Message);
    }
}
