using ResLab.Storage;
using ResLab.Sweeps;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Sweeps;

/// <summary>
/// Sweeps over an experiment: a replicate's metrics are what <c>reslab experiment</c> reports for the same experiment
/// (protocol values written out by hand) and the replicate's seed; rows do not depend on the thread count; bad
/// result(…) names are user errors at the sweep file's line, with the nearest name.
/// </summary>
public class SweepExperimentTests
{
    private static readonly string ProtocolText = File.ReadAllText(SweepFixtures.Protocol("cisplatin-escalation-1-to-25uM.yaml"));

    private const string Assays = """
        reference: parental
        assays:
          - name: mtt_cisplatin
            on: [final, parental]
            mtt: { drug: cisplatin, exposure: 72 h }
          - name: gsh
            on: [final, parental]
            gsh: {}
        """;

    /// <summary>An experiment on the shipped escalation protocol and a 2 × 2 replicate sweep of its escalation factor in a small flask for one month.</summary>
    private static string Sweep(string dir, string metrics = """
          - final_cells
          - fraction_nrf2
          - { name: mtt_ri, metric: "result(mtt_cisplatin, final, resistance_index)" }
          - { name: mtt_ri_lower, metric: "result_lower(mtt_cisplatin, final, resistance_index)" }
          - { name: ic50, metric: "result(mtt_cisplatin, parental, ic50_uM)" }
          - { name: gsh, metric: "result(gsh, final, gsh_mM)" }
          - { name: doubling, metric: "result(population, final, doubling_time_h)" }
        """)
    {
        File.WriteAllText(Path.Combine(dir, "e.yaml"), $"protocol: {SweepFixtures.Protocol("cisplatin-escalation-1-to-25uM.yaml")}\nseed: 3\n{Assays}\n");
        var path = Path.Combine(dir, "s.yaml");
        File.WriteAllText(path, $"""
            experiment: e.yaml
            set:
              flask.capacity: 2e4 cells
              flask.seeding: 2e3 cells
              duration: 1 month
              readouts[0].at: end
            parameters:
              - path: schedule[0].escalate.factor
                name: factor
                values: [1.5, 3]
            replicates: 2
            seed: 9
            metrics:
            {metrics}
            """);
        return path;
    }

    [Fact]
    public void A_replicate_equals_reslab_experiment_on_the_same_experiment_with_the_replicate_seed()
    {
        var dir = CliRunner.TempDir();
        var store = Path.Combine(dir, "store.duckdb");
        SweepJob.Run(new SweepRunOptions { SweepFile = Sweep(dir), Out = store, Threads = 2 });
        string[] row;
        using (var s = SweepStore.OpenRead(store))
            row = s.Query("SELECT seed, final_cells, mtt_ri, mtt_ri_lower, ic50, gsh, doubling FROM replicates WHERE point = 1 AND replicate = 1").Rows.Single()!;
        // point 1 by hand: the sweep's set values and factor 3 written into the protocol text, the row's seed into the experiment
        var protocol = ProtocolText.Replace("flask: { capacity: 1e7 cells, seeding: 1e6 cells }", "flask: { capacity: 2e4 cells, seeding: 2e3 cells }")
            .Replace("duration: 12 months", "duration: 1 month").Replace("factor: 1.5", "factor: 3").Replace("{ name: month6, at: 6 months }", "{ name: month6, at: end }");
        Assert.NotEqual(ProtocolText, protocol);
        File.WriteAllText(Path.Combine(dir, "p1.yaml"), protocol);
        File.WriteAllText(Path.Combine(dir, "e1.yaml"), $"protocol: p1.yaml\nseed: {row[0]}\n{Assays}\n");
        var r = CliRunner.Run("experiment", Path.Combine(dir, "e1.yaml"), "--out", Path.Combine(dir, "e1"));
        Assert.True(r.ExitCode == 0, r.Err);
        var t = TidyTable.Read(Path.Combine(dir, "e1", "results.csv"));
        int a = t.Require("assay"), sm = t.Require("sample"), m = t.Require("metric"), est = t.Require("estimate"), lo = t.Require("lower");
        string Cell(string assay, string sample, string metric, int col) =>
            t.Cell(Enumerable.Range(0, t.RowCount).Single(i => t.Cell(i, a) == assay && t.Cell(i, sm) == sample && t.Cell(i, m) == metric), col);
        Assert.Equal(Cell("mtt_cisplatin", "final", "resistance_index", est), row[2]);
        Assert.Equal(Cell("mtt_cisplatin", "final", "resistance_index", lo), row[3]);
        Assert.Equal(Cell("mtt_cisplatin", "parental", "ic50_uM", est), row[4]);
        Assert.Equal(Cell("gsh", "final", "gsh_mM", est), row[5]);
        Assert.Equal(Cell("population", "final", "doubling_time_h", est), row[6]);
        var series = TidyTable.Read(Path.Combine(dir, "e1", "simulation", "timeseries.csv"));
        Assert.Equal(series.Cell(series.RowCount - 1, series.Require("cells_total")), row[1]);
    }

    [Fact]
    public void Rows_are_the_same_on_one_and_two_threads_and_each_replicate_has_its_own_seed()
    {
        var dir = CliRunner.TempDir();
        var file = Sweep(dir);
        SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "one.duckdb"), Threads = 1 });
        SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "two.duckdb"), Threads = 2 });
        var one = SweepFixtures.Rows(Path.Combine(dir, "one.duckdb"));
        Assert.Equal(4, one.Count);
        Assert.Equal(one, SweepFixtures.Rows(Path.Combine(dir, "two.duckdb")));
        Assert.Equal(4, one.Select(r => r.Split('|')[2]).Distinct().Count());
        Assert.DoesNotContain(one, r => r.Split('|')[7] == "NULL"); // mtt_ri: every replicate's final population was assayed
    }

    [Fact]
    public void A_killed_experiment_sweep_resumes_and_shards_merge_to_the_local_rows()
    {
        var dir = CliRunner.TempDir();
        var file = Sweep(dir);
        var local = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "local.duckdb") });
        var store = Path.Combine(dir, "resumed.duckdb");
        var cut = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = store, BatchRows = 1, StopAfterRows = 1, Threads = 1 });
        Assert.True(cut.Interrupted);
        var resumed = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = store });
        Assert.Equal(4, resumed.AlreadyDone + resumed.Ran);
        Assert.Equal(SweepFixtures.Rows(local.Store), SweepFixtures.Rows(store));
        var storeDir = Path.Combine(dir, "cluster");
        for (int i = 0; i < 2; i++) SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = storeDir, Shard = i, Shards = 2, ShardGiven = true });
        Assert.Equal(SweepFixtures.Rows(local.Store), SweepFixtures.Rows(SweepParts.Merge(SweepReader.Load(file), storeDir).Store));
    }

    /// <summary>A quick-size sweep of the cross-resistance demonstration (derived populations, LQ and drug clonogenic fits) equals <c>reslab experiment --quick</c> with the row's seed.</summary>
    [Fact]
    public void A_quick_sweep_of_the_cross_resistance_experiment_equals_reslab_experiment_quick()
    {
        var dir = CliRunner.TempDir();
        var shipped = Path.Combine(CliRunner.RepoRoot, "examples", "experiments", "crt-cross-resistance.yaml");
        var file = Path.Combine(dir, "crt.yaml");
        File.WriteAllText(file, $"""
            experiment: {shipped}
            quick: true
            seed: 3
            metrics:
              - final_cells
              - {"{"} name: sf2, metric: "result(clonogenic, crt_resistant, sf2)" {"}"}
              - {"{"} name: ri, metric: "result(clonogenic_cisplatin, crt_resistant, resistance_index)" {"}"}
              - {"{"} name: ri_upper, metric: "result_upper(mtt_cisplatin, radio_resistant, resistance_index)" {"}"}
            """);
        var store = Path.Combine(dir, "crt.duckdb");
        SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = store });
        var row = SweepFixtures.Rows(store).Single().Split('|');
        var protocols = Path.Combine(CliRunner.RepoRoot, "examples", "protocols") + "/";
        var seeded = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(shipped).Replace("../protocols/", protocols).Replace("protocol: protocols/", $"protocol: {Path.GetDirectoryName(shipped)}/protocols/"), @"(?m)^seed: .*$", $"seed: {row[2]}");
        Assert.Contains($"seed: {row[2]}", seeded);
        File.WriteAllText(Path.Combine(dir, "e.yaml"), seeded);
        var r = CliRunner.Run("experiment", Path.Combine(dir, "e.yaml"), "--quick", "--out", Path.Combine(dir, "e"));
        Assert.True(r.ExitCode == 0, r.Err);
        var t = TidyTable.Read(Path.Combine(dir, "e", "results.csv"));
        int a = t.Require("assay"), sm = t.Require("sample"), m = t.Require("metric");
        string Cell(string assay, string sample, string metric, string col) =>
            t.Cell(Enumerable.Range(0, t.RowCount).Single(i => t.Cell(i, a) == assay && t.Cell(i, sm) == sample && t.Cell(i, m) == metric), t.Require(col));
        Assert.Equal(Cell("clonogenic", "crt_resistant", "sf2", "estimate"), row[5]);
        Assert.Equal(Cell("clonogenic_cisplatin", "crt_resistant", "resistance_index", "estimate"), row[6]);
        Assert.Equal(Cell("mtt_cisplatin", "radio_resistant", "resistance_index", "upper"), row[7]);
        var series = TidyTable.Read(Path.Combine(dir, "e", "simulation", "timeseries.csv"));
        Assert.Equal(series.Cell(series.RowCount - 1, series.Require("cells_total")), row[4]);
    }

    /// <summary>The reversal experiment has no protocol: only drug values vary. A weaker GLS1 inhibitor (IC50 × 1000) must leave more GSH in the treated KEAP1-null cells.</summary>
    [Fact]
    public void An_experiment_without_a_protocol_sweeps_drug_values_and_refuses_protocol_metrics()
    {
        var dir = CliRunner.TempDir();
        var reversal = Path.Combine(CliRunner.RepoRoot, "examples", "experiments", "reversal-nrf2-high.yaml");
        var file = Path.Combine(dir, "r.yaml");
        File.WriteAllText(file, $"""
            experiment: {reversal}
            quick: true
            parameters:
              - path: drugs.telaglenastat.ic50
                name: ic50
                values: [0.02 uM, 20 uM]
            seed: 4
            metrics:
              - {"{"} name: gsh, metric: "result(gsh_telaglenastat, keap1_null, gsh_mM)" {"}"}
            """);
        var store = Path.Combine(dir, "r.duckdb");
        SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = store });
        var rows = SweepFixtures.Rows(store).Select(r => r.Split('|')).ToList();
        Assert.Equal(2, rows.Count);
        double Gsh(int point) => double.Parse(rows[point][^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Gsh(1) > Gsh(0), $"GSH with the weak inhibitor {Gsh(1)} vs the potent one {Gsh(0)}");
        File.WriteAllText(file, File.ReadAllText(file) + "\n  - final_cells\n");
        var e = Assert.Throws<UserInputException>(() => SweepReader.Load(file));
        Assert.Contains("has no protocol", e.Message);
        File.WriteAllText(file, File.ReadAllText(file).Replace("drugs.telaglenastat.ic50", "flask.capacity"));
        e = Assert.Throws<UserInputException>(() => SweepReader.Load(file));
        Assert.Contains("only drug values", e.Message);
    }

    [Theory]
    [InlineData("result(mtt_cisplatn, final, resistance_index)", "unknown assay 'mtt_cisplatn'", "did you mean 'mtt_cisplatin'?")]
    [InlineData("result(mtt_cisplatin, finl, resistance_index)", "unknown sample 'finl'", "did you mean 'final'?")]
    [InlineData("result(mtt_cisplatin, final, resistance_indx)", "unknown metric 'resistance_indx'", "did you mean 'resistance_index'?")]
    [InlineData("result(gsh, final)", "result(ASSAY, SAMPLE, METRIC)", "three names")]
    public void Bad_result_names_are_user_errors_at_their_line_with_the_nearest_name(string metric, string what, string hint)
    {
        var dir = CliRunner.TempDir();
        var file = Sweep(dir, $"  - final_cells\n  - \"{metric}\"\n");
        var e = Assert.Throws<UserInputException>(() => SweepReader.Load(file));
        Assert.Contains(what, e.Message);
        Assert.Contains(hint, e.Message);
        Assert.Equal(file, e.Location?.File);
        Assert.Equal(File.ReadAllLines(file).ToList().FindIndex(l => l.Contains(metric, StringComparison.Ordinal)) + 1, e.Location?.Line);
        var r = CliRunner.Run("sweep", "run", file, "--out", Path.Combine(dir, "store.duckdb"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"s.yaml:{e.Location?.Line}", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "store.duckdb")));
    }

    [Fact]
    public void A_result_metric_in_a_protocol_sweep_and_a_sweep_with_both_bases_are_user_errors()
    {
        var dir = CliRunner.TempDir();
        var e = Assert.Throws<UserInputException>(() => SweepReader.Load(SweepFixtures.Tiny(dir, metrics: "[final_cells, \"result(gsh, final, gsh_mM)\"]")));
        Assert.Contains("only a sweep with 'experiment: FILE'", e.Message);
        var both = Sweep(dir);
        File.WriteAllText(both, $"protocol: {SweepFixtures.Protocol("cisplatin-escalation-1-to-25uM.yaml")}\n" + File.ReadAllText(both));
        e = Assert.Throws<UserInputException>(() => SweepReader.Load(both));
        Assert.Contains("either 'protocol: FILE' or 'experiment: FILE'", e.Message);
    }
}
