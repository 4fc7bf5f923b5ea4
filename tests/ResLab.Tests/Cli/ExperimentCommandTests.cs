using ResLab.Storage;

namespace ResLab.Tests.Cli;

/// <summary>`reslab experiment --catalogue`: the user catalogue reaches the protocol and every assay.</summary>
public class ExperimentCommandTests
{
    // Truths: a 6 h cisplatin half-life (shipped 48 h) spares more cells of a pulse (the protocol); doubling the GCL
    // synthesis rate roughly doubles the GSH pool (dGSH/dt = S − loss·GSH; a GSH assay); an ML385 with a 1000 µM IC50
    // inhibits NRF2 by 0.5 % at 5 µM and so leaves GSH where it was (a treated GSH assay).
    [Fact]
    public void A_catalogue_override_changes_the_protocol_and_the_assays()
    {
        var dir = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(dir, "pulse.yaml"), "cell_line: CAL27\nflask: { capacity: 1e6 cells, seeding: 1e5 cells }\nduration: 4 days\nschedule:\n" +
                                                            "  - at: 0 h\n    drug: { name: cisplatin, concentration: 8 uM }\nreadouts:\n  - { name: final, at: end }\n");
        var experiment = Path.Combine(dir, "e.yaml");
        File.WriteAllText(experiment, "protocol: pulse.yaml\nseed: 4\nassays:\n  - name: gsh\n    on: [parental, final]\n    gsh: {}\n" +
                                      "  - name: gsh_ml385\n    on: [parental]\n    gsh: { treat: { ML385: 5 uM }, for: 24 h }\n");
        var catalogue = Path.Combine(dir, "mine.yaml");
        File.WriteAllText(catalogue, "parameters:\n  gcl_synthesis: { value: 0.75 mM/h, source: \"test: doubled\" }\n" +
                                     "drugs:\n  - name: cisplatin\n    role: platinum\n    molar_mass: { value: 300.05, source: \"PubChem CID 5460033\" }\n" +
                                     "    medium_half_life: { value: 6 h, source: \"test: a fast-decaying cisplatin\" }\n" +
                                     "  - name: ML385\n    role: inhibitor\n    target: nrf2\n    molar_mass: { value: 511.6, source: \"PubChem CID 1273785\" }\n" +
                                     "    ic50: { value: 1000 uM, source: \"test: a weak ML385\" }\n    hill: { value: 1, source: \"test\" }\n" +
                                     "    medium_half_life: { value: 1000 h, source: \"test\" }\n");
        var shipped = CliRunner.Run("experiment", experiment, "--out", Path.Combine(dir, "shipped"));
        var mine = CliRunner.Run("experiment", experiment, "--catalogue", catalogue, "--out", Path.Combine(dir, "mine"));
        Assert.True(shipped.ExitCode == 0, shipped.Err);
        Assert.True(mine.ExitCode == 0, mine.Err);
        double Gsh(string run, string assay, string sample = "parental")
        {
            var t = TidyTable.Read(Path.Combine(dir, run, "results.csv"));
            int a = t.Require("assay"), s = t.Require("sample"), m = t.Require("metric"), e = t.Require("estimate");
            return t.Number(Enumerable.Range(0, t.RowCount).Single(r => t.Cell(r, a) == assay && t.Cell(r, s) == sample && t.Cell(r, m) == "gsh_mM"), e);
        }
        double FinalCells(string run)
        {
            var t = TidyTable.Read(Path.Combine(dir, run, "simulation", "timeseries.csv"));
            return t.Number(t.RowCount - 1, t.Require("cells_total"));
        }
        Assert.True(FinalCells("mine") > 1.5 * FinalCells("shipped"), $"protocol: {FinalCells("mine")} vs {FinalCells("shipped")} cells");
        Assert.InRange(Gsh("mine", "gsh") / Gsh("shipped", "gsh"), 1.6, 2.4);
        Assert.InRange(Gsh("mine", "gsh", "final") / Gsh("shipped", "gsh", "final"), 1.6, 2.4);   // the protocol's line has the parameters too
        Assert.True(Gsh("shipped", "gsh_ml385") < 0.6 * Gsh("shipped", "gsh"));
        Assert.True(Gsh("mine", "gsh_ml385") > 0.9 * Gsh("mine", "gsh"));
        var missing = CliRunner.Run("experiment", experiment, "--catalogue", Path.Combine(dir, "none.yaml"), "--out", Path.Combine(dir, "none"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("none.yaml", missing.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "none")));
    }
}
