namespace ResLab.Tests.Cli;

public class SimulateCommandTests
{
    [Fact]
    public void Simulate_writes_the_output_contract()
    {
        var dir = Path.Combine(CliRunner.TempDir(), "sim");
        var r = CliRunner.Run("simulate", Path.Combine(CliRunner.RepoRoot, "examples/protocols/crt-cisplatin-10uM-then-25x8Gy.yaml"), "--seed", "5", "--replicates", "2",
            "--scale", "0.01", "--time-scale", "0.2", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Err);
        foreach (var f in new[] { "timeseries.csv", "clones.csv", "events.csv", "run.json", "report.html", "plots/population.png", "plots/muller.svg", "plots/traits.png" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        var header = File.ReadLines(Path.Combine(dir, "timeseries.csv")).First();
        Assert.StartsWith("replicate,time_h,cells_total,cycling,quiescent,persister,doomed,confluence,cisplatin_uM,dose_gy_cumulative,clones_alive", header);
        Assert.StartsWith("replicate,clone_id,parent_id,born_h", File.ReadLines(Path.Combine(dir, "clones.csv")).First());
        var run = File.ReadAllText(Path.Combine(dir, "run.json"));
        Assert.Contains("\"seed\": 5", run);
        Assert.Contains("input_sha256", run);
        Assert.Contains("reslab_version", run);
        Assert.True(Directory.GetFiles(Path.Combine(dir, "snapshots")).Length >= 2);
        CloneSizesAgreeWithTheSeries(dir);
    }

    [Fact]
    public void Simulate_writes_the_resistance_readout_of_every_snapshot_and_the_final_population()
    {
        var dir = Path.Combine(CliRunner.TempDir(), "sim");
        var r = CliRunner.Run("simulate", Path.Combine(CliRunner.RepoRoot, "examples/protocols/cisplatin-escalation-1-to-25uM.yaml"), "--seed", "3", "--replicates", "2",
            "--scale", "0.01", "--time-scale", "0.2", "--out", dir);
        Assert.True(r.ExitCode == 0, r.Err);
        var rows = File.ReadLines(Path.Combine(dir, "resistance.csv")).Select(l => l.Split(',')).ToList();
        Assert.Equal(ResLab.Reporting.SimulationJob.ResistanceColumns, rows[0]);
        var protocol = ResLab.Protocols.ProtocolReader.Load(Path.Combine(CliRunner.RepoRoot, "examples/protocols/cisplatin-escalation-1-to-25uM.yaml"));
        var readout = new ResLab.Assays.ResistanceReadout(protocol.Line);
        double D(string x) => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["0", "parental"], rows[1][..2]);
        Assert.Equal(readout.ParentalIc50, D(rows[1][4]));
        Assert.Equal(2, rows.Count(x => x[1] == "final")); // the protocol's end readout: no extra "end" row
        Assert.DoesNotContain(rows, x => x[1] == "end");
        int snapshots = 0;
        foreach (var row in rows.Skip(2))
        {
            // the row is the readout of the saved snapshot itself
            var pop = ResLab.Simulation.Population.Load(Path.Combine(dir, "snapshots", $"{row[1]}_r{row[0]}.json"));
            double ic = readout.Ic50(pop, readout.ParentalIc50);
            Assert.Equal(ic, D(row[4]));
            Assert.Equal(ic / readout.ParentalIc50, D(row[5]));
            Assert.Equal(readout.Sf2(pop), D(row[6]));
            snapshots++;
        }
        Assert.Equal(Directory.GetFiles(Path.Combine(dir, "snapshots")).Length, snapshots);
        Assert.Contains("Resistance at the end (resistance.csv)", File.ReadAllText(Path.Combine(dir, "report.html")));
    }

    // clone_sizes.csv (the Muller plot's data) must add up to no more than the recorded population at every time point and
    // account for nearly all of it (clones under 10^-4 of the cells are left out, so at most 10^-4 x clones_alive is missing).
    private static void CloneSizesAgreeWithTheSeries(string dir)
    {
        var totals = new Dictionary<(string, string), (double Cells, double Clones)>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "timeseries.csv")).Skip(1))
        {
            var f = line.Split(',');
            totals[(f[0], f[1])] = (double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), double.Parse(f[10], System.Globalization.CultureInfo.InvariantCulture));
        }
        var sums = new Dictionary<(string, string), double>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "clone_sizes.csv")).Skip(1))
        {
            var f = line.Split(',');
            sums[(f[0], f[1])] = sums.GetValueOrDefault((f[0], f[1])) + double.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture);
        }
        Assert.NotEmpty(sums);
        foreach (var (key, (cells, clones)) in totals)
        {
            if (cells == 0) continue;
            double sum = sums.GetValueOrDefault(key);
            Assert.True(sum <= cells, $"{key}: clone sizes {sum} > cells {cells}");
            Assert.True(sum >= cells * (1 - 1e-4 * clones), $"{key}: clone sizes {sum} of {cells} cells");
        }
    }

    [Fact]
    public void Bad_protocols_exit_2_without_output()
    {
        var dir = CliRunner.TempDir();
        var p = Path.Combine(dir, "bad.yaml");
        File.WriteAllText(p, "cell_line: FaDu\nflask: { capacity: 1e6 cells, seeding: 1e5 cells }\nduration: 5 days\nschedule:\n  - at: 0 h\n    irradiate: 25 uM\n");
        var r = CliRunner.Run("simulate", p, "--out", Path.Combine(dir, "out"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bad.yaml:6", r.Err);
        Assert.Contains("radiation dose", r.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "out")));
    }

    [Fact]
    public void Catalogue_lists_and_shows_with_sources()
    {
        var l = CliRunner.Run("catalogue", "list");
        Assert.Equal(0, l.ExitCode);
        foreach (var n in new[] { "CAL27", "CAL33", "FaDu", "SCC-25", "Detroit 562", "SCC-4", "UM-SCC-1", "HNSCC-generic", "cisplatin", "telaglenastat", "BSO", "auranofin", "ML385" })
            Assert.Contains(n, l.Out);
        var s = CliRunner.Run("catalogue", "show", "FaDu");
        Assert.Contains("p.Arg248Leu", s.Out);
        Assert.Contains("Cellosaurus CVCL_1218", s.Out);
        var d = CliRunner.Run("catalogue", "show", "cisplatin");
        Assert.Contains("300.05", d.Out);
        var bad = CliRunner.Run("catalogue", "show", "CAL72");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("did you mean 'CAL27'", bad.Err);
        Assert.Contains("Dabrowiak", CliRunner.Run("catalogue", "show", "parameters").Out);
    }

    // A user catalogue's drug reaches the engine: cisplatin with a 6 h medium half-life (instead of the shipped 48 h) is
    // recorded at c0·2^(−t/t½) and, decaying faster, kills fewer cells than the shipped drug.
    [Fact]
    public void A_catalogue_drug_override_changes_the_simulated_result()
    {
        var dir = CliRunner.TempDir();
        var protocol = Path.Combine(dir, "pulse.yaml");
        File.WriteAllText(protocol, "cell_line: CAL27\nflask: { capacity: 1e6 cells, seeding: 1e5 cells }\nduration: 4 days\nschedule:\n" +
                                    "  - at: 0 h\n    drug: { name: cisplatin, concentration: 8 uM }\n");
        var catalogue = Path.Combine(dir, "fast-cisplatin.yaml");
        File.WriteAllText(catalogue, "drugs:\n  - name: cisplatin\n    role: platinum\n    molar_mass: { value: 300.05, source: \"PubChem CID 5460033\" }\n" +
                                     "    medium_half_life: { value: 6 h, source: \"test: a fast-decaying cisplatin\" }\n");
        var shipped = CliRunner.Run("simulate", protocol, "--seed", "3", "--no-plots", "--out", Path.Combine(dir, "shipped"));
        var fast = CliRunner.Run("simulate", protocol, "--seed", "3", "--no-plots", "--catalogue", catalogue, "--out", Path.Combine(dir, "fast"));
        Assert.True(shipped.ExitCode == 0, shipped.Err);
        Assert.True(fast.ExitCode == 0, fast.Err);
        (double Cisplatin, double Cells) At(string run, double hours)
        {
            var t = ResLab.Storage.TidyTable.Read(Path.Combine(dir, run, "timeseries.csv"));
            int time = t.Require("time_h"), cis = t.Require("cisplatin_uM"), cells = t.Require("cells_total");
            int row = Enumerable.Range(0, t.RowCount).Single(r => Math.Abs(t.Number(r, time) - hours) < 1e-9);
            return (t.Number(row, cis), t.Number(row, cells));
        }
        Assert.Equal(8 * Math.Pow(2, -24.0 / 48), At("shipped", 24).Cisplatin, 6);
        Assert.Equal(8 * Math.Pow(2, -24.0 / 6), At("fast", 24).Cisplatin, 6);
        Assert.True(At("fast", 96).Cells > 1.5 * At("shipped", 96).Cells, $"fast-decaying cisplatin {At("fast", 96).Cells} cells vs shipped {At("shipped", 96).Cells}");
    }
}
