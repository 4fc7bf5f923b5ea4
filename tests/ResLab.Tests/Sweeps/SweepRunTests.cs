using ResLab.Simulation;
using ResLab.Sweeps;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Sweeps;

/// <summary>
/// Running sweeps: a row equals the engine's own run of that (point, replicate); rows are identical on 1 or 2 threads,
/// alone, in shards and after an interrupted run is resumed; stores of another sweep, bad shards and missing parts are refused.
/// </summary>
public class SweepRunTests
{
    [Fact]
    public void A_row_is_the_engines_own_replicate_of_the_point_protocol_with_the_point_seed()
    {
        var def = SweepReader.Load(SweepFixtures.Tiny(CliRunner.TempDir()));
        var row = SweepRunner.RunOne(def, 2, 1);
        // Independent path: the engine's Simulation on the point's protocol, seed from the sweep's stream, replicate 1.
        var sim = new ResLab.Simulation.Simulation(def.Protocols[2], new SimulationSettings { Seed = (ulong)SweepReader.PointSeed(def.Seed, 2), Replicates = 2, Threads = 1 });
        var rep = sim.Run().Replicates[1];
        Assert.Equal(row.Seed, SweepReader.PointSeed(5, 2));
        Assert.Equal(rep.Final.Total, row.Metrics[0]);
        Assert.Equal(rep.Final.Clones.Count, row.Metrics[2]);
        Assert.Equal(rep.Events.Count(e => e.Kind == "passage"), row.Metrics[3]);
        Assert.Equal(rep.Outcome.ToString().ToLowerInvariant(), row.Outcome);
        // day_cells_ge(1.5e4): the first series day at or above the threshold is no earlier than the observed one
        var firstSeries = rep.Series.FirstOrDefault(p => p.Total >= 1.5e4);
        if (firstSeries is not null) Assert.True(row.Metrics[5] <= firstSeries.TimeHours / 24 + 1e-9);
    }

    [Fact]
    public void Rows_are_identical_on_one_or_two_threads_alone_or_in_a_batch()
    {
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir);
        var one = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "one.duckdb"), Threads = 1 });
        var two = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "two.duckdb"), Threads = 2, BatchRows = 1 });
        Assert.Equal(12, one.Ran);
        var a = SweepFixtures.Rows(one.Store);
        Assert.Equal(12, a.Count);
        Assert.Equal(a, SweepFixtures.Rows(two.Store));
        // one (point, replicate) run alone gives its row
        var def = SweepReader.Load(file);
        var alone = SweepRunner.RunOne(def, 3, 2);
        Assert.StartsWith($"3|2|{alone.Seed}|3|2|{alone.Outcome}|{alone.Metrics[0]:R}|", a[3 * 3 + 2]);
    }

    [Fact]
    public void An_interrupted_run_resumes_to_the_same_rows_as_an_uninterrupted_one_without_duplicates_or_gaps()
    {
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir, extra: "series: true");
        var full = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "full.duckdb") });
        var store = Path.Combine(dir, "resumed.duckdb");
        var cut = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = store, BatchRows = 2, StopAfterRows = 4, Threads = 2 });
        Assert.True(cut.Interrupted);
        int kept = SweepFixtures.Rows(store).Count;
        Assert.InRange(kept, 4, 11);
        var resumed = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = store });
        Assert.Equal(kept, resumed.AlreadyDone);
        Assert.Equal(12 - kept, resumed.Ran);
        Assert.Equal(SweepFixtures.Rows(full.Store), SweepFixtures.Rows(store));
        Assert.Equal(SweepFixtures.Rows(full.Store, "series", "point, replicate, time_h"), SweepFixtures.Rows(store, "series", "point, replicate, time_h"));
        var rep = CliRunner.Run("sweep", "report", store, "--out", Path.Combine(dir, "report"), "--metrics", "final_cells");
        Assert.True(rep.ExitCode == 0, rep.Err);
        Assert.True(File.Exists(Path.Combine(dir, "report", "plots", "series-cells.png")));
        // a third run has nothing to do
        Assert.Equal(0, SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = store }).Ran);
    }

    [Fact]
    public void Shards_merged_equal_the_local_run_and_a_killed_shard_repairs_its_part_on_rerun()
    {
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir);
        var local = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "local.duckdb") });
        var storeDir = Path.Combine(dir, "cluster");
        var killed = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = storeDir, Shard = 1, Shards = 3, ShardGiven = true, BatchRows = 1, StopAfterRows = 1, Threads = 1 });
        Assert.True(killed.Interrupted);
        var def = SweepReader.Load(file);
        Assert.Contains("3 of 3 parts are missing or unfinished (shards 0, 1, 2)", Assert.Throws<UserInputException>(() => SweepParts.Merge(def, storeDir)).Message);
        Assert.Equal("running or interrupted", SweepParts.Status(def, storeDir)[1].State);
        for (int i = 0; i < 3; i++)
            SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = storeDir, Shard = i, Shards = 3, ShardGiven = true });
        Assert.All(SweepParts.Status(def, storeDir), s => Assert.Equal("complete", s.State));
        var merged = SweepParts.Merge(def, storeDir);
        Assert.Equal(12, merged.Rows);
        Assert.Equal(SweepFixtures.Rows(local.Store), SweepFixtures.Rows(merged.Store));
    }

    [Fact]
    public void A_merge_with_a_missing_part_names_the_shards_to_rerun()
    {
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir);
        var storeDir = Path.Combine(dir, "parts-dir");
        SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = storeDir, Shard = 0, Shards = 2, ShardGiven = true });
        var r = CliRunner.Run("sweep", "merge", file, "--store", storeDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("1 of 2 parts are missing or unfinished (shards 1)", r.Err);
        var st = CliRunner.Run("sweep", "status", file, "--store", storeDir);
        Assert.Equal(0, st.ExitCode);
        Assert.Contains("1/2 shards complete, 6/12 replicates (50 %)", st.Out);
    }

    [Fact]
    public void A_store_of_another_sweep_and_a_shard_out_of_range_are_refused_and_nothing_is_written()
    {
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir);
        var store = Path.Combine(dir, "s.duckdb");
        Assert.Equal(0, CliRunner.Run("sweep", "run", file, "--out", store).ExitCode);
        var before = SweepFixtures.Rows(store);
        var other = Path.Combine(dir, "other");
        Directory.CreateDirectory(other);
        var file2 = SweepFixtures.Tiny(other, extra: "# another sweep");
        var r = CliRunner.Run("sweep", "run", file2, "--out", store);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the store holds another sweep ('tiny'", r.Err);
        Assert.Equal(before, SweepFixtures.Rows(store));
        var s = CliRunner.Run("sweep", "run", file, "--out", Path.Combine(dir, "d"), "--shard", "4/4");
        Assert.Equal(2, s.ExitCode);
        Assert.Contains("expected a shard index from 0 to 3 for 4 shards", s.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "d")));
        Assert.Equal(2, CliRunner.Run("sweep", "run", file, "--out", Path.Combine(dir, "d"), "--shard", "x").ExitCode);
    }

    [Fact]
    public void Export_writes_parquet_that_reads_back_row_for_row_and_query_answers_sql()
    {
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir);
        var store = Path.Combine(dir, "s.duckdb");
        Assert.Equal(0, CliRunner.Run("sweep", "run", file, "--out", store, "--threads", "2").ExitCode);
        var outDir = Path.Combine(dir, "parquet");
        var e = CliRunner.Run("store", "export", store, "--out", outDir);
        Assert.True(e.ExitCode == 0, e.Err);
        Assert.Equal(SweepFixtures.Rows(store), SweepFixtures.ParquetRows(Path.Combine(outDir, "replicates.parquet")));
        foreach (var t in new[] { "sweep", "parameters", "metrics" }) Assert.True(File.Exists(Path.Combine(outDir, t + ".parquet")));
        var q = CliRunner.Run("store", "query", store, "SELECT factor, count(*) AS n FROM replicates GROUP BY factor ORDER BY factor");
        Assert.True(q.ExitCode == 0, q.Err);
        Assert.Equal("factor,n\n1.5,6\n3,6\n", q.Out.Replace("\r", ""));
        var bad = CliRunner.Run("store", "query", store, "SELECT nope FROM replicates");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("the query failed", bad.Err);
    }
}

/// <summary>`reslab sweep slurm --no-submit`: the scripts it writes (no Slurm needed).</summary>
public class SlurmScriptTests
{
    [Fact]
    public void The_array_script_runs_one_shard_per_task_and_the_merge_script_merges()
    {
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir);
        var store = Path.Combine(dir, "cluster dir");
        var r = CliRunner.Run("sweep", "slurm", file, "--store", store, "--tasks", "4", "--partition", "short", "--time", "00:10:00", "--mem", "1G",
            "--cpus-per-task", "2", "--no-submit", "--reslab", "/opt/reslab");
        Assert.True(r.ExitCode == 0, r.Err);
        var array = File.ReadAllText(Path.Combine(store, "sweep-array.sbatch"));
        foreach (var line in new[] { "#SBATCH --array=0-3", "#SBATCH --partition=short", "#SBATCH --time=00:10:00", "#SBATCH --mem=1G", "#SBATCH --cpus-per-task=2",
                     $"/opt/reslab sweep run '{file}' --shard \"$SLURM_ARRAY_TASK_ID/4\" --out '{store}' --threads 2" })
            Assert.Contains(line, array);
        Assert.Contains($"/opt/reslab sweep merge '{file}' --store '{store}'", File.ReadAllText(Path.Combine(store, "sweep-merge.sbatch")));
        Assert.False(File.Exists(Path.Combine(store, "jobs.txt")));
        var tooMany = CliRunner.Run("sweep", "slurm", file, "--store", store, "--tasks", "13", "--no-submit");
        Assert.Equal(2, tooMany.ExitCode);
        Assert.Contains("at most 12 tasks", tooMany.Err);
    }
}
