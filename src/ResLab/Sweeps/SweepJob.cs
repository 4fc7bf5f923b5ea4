using System.Diagnostics;
using System.Globalization;
using ResLab.Storage;

namespace ResLab.Sweeps;

/// <summary>How to run a sweep: where to, which shard, how many threads, how often to commit.</summary>
public sealed record SweepRunOptions
{
    public required string SweepFile { get; init; }
    /// <summary>The store file; with a shard, the store directory that receives the part.</summary>
    public required string Out { get; init; }
    public int Shard { get; init; }
    public int Shards { get; init; } = 1;
    public bool Sharded => Shards > 1 || ShardGiven;
    public bool ShardGiven { get; init; }
    public int? Threads { get; init; }
    /// <summary>Rows per committed batch (also committed every <see cref="BatchSeconds"/>).</summary>
    public int BatchRows { get; init; } = 512;
    public double BatchSeconds { get; init; } = 2;
    /// <summary>Stops (as if killed) once this many new rows are committed: tests of resumption.</summary>
    public long? StopAfterRows { get; init; }
}

public sealed record SweepRunSummary(string Store, long Total, long AlreadyDone, long Ran, double Seconds, double WriteSeconds, bool Interrupted, string? PartFile);

/// <summary>
/// Runs a sweep into its store (a DuckDB file) or, as shard i of N, into its Parquet part of a store directory:
/// skips the (point, replicate) rows already stored, runs the rest on all cores and commits them in batches.
/// </summary>
public static class SweepJob
{
    /// <summary>"3/10" → (3, 10); i counts from 0 as $SLURM_ARRAY_TASK_ID does with --array=0-(N-1).</summary>
    public static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                              || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
            throw UserInputException.Invalid(new InputLocation(Field: "--shard"), text, "i/N with N ≥ 1, such as 0/10 (i counts from 0: $SLURM_ARRAY_TASK_ID/N with --array=0-(N-1))");
        if (i < 0 || i >= n)
            throw UserInputException.Invalid(new InputLocation(Field: "--shard"), text, $"a shard index from 0 to {n - 1} for {n} shards", "Slurm array tasks must be --array=0-" + (n - 1));
        return (i, n);
    }

    public static string PartName(int i, int n) => $"part-{i:D4}-of-{n:D4}";
    public static string PartsDir(string storeDir) => Path.Combine(Path.GetFullPath(storeDir), "parts");

    public static SweepRunSummary Run(SweepRunOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var def = SweepReader.Load(o.SweepFile);
        return Run(def, o, progress, cancel);
    }

    public static SweepRunSummary Run(SweepDefinition def, SweepRunOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        if (!o.Sharded) return RunInto(def, o.Out, o, null, progress, cancel);
        var dir = PartsDir(o.Out);
        Directory.CreateDirectory(dir);
        var name = PartName(o.Shard, o.Shards);
        var final = Path.Combine(dir, name + ".parquet");
        if (File.Exists(final) && PartHash(final) == def.Hash)
        {
            long n = SweepRunner.Items(def, o.Shard, o.Shards).LongCount();
            return new SweepRunSummary(final, n, n, 0, 0, 0, false, final);
        }
        var work = Path.Combine(dir, name + ".duckdb");
        var summary = RunInto(def, work, o, Path.Combine(dir, name + ".progress"), progress, cancel);
        if (summary.Interrupted) return summary;
        // The part appears complete or not at all: series first, then the replicates file that marks the part done.
        using (var store = SweepStore.OpenOrCreate(work, def))
        {
            if (def.Series) WriteAtomically(Path.Combine(dir, "series-" + name + ".parquet"), tmp => store.CopyToParquet("series", tmp, def.Hash));
            WriteAtomically(final, tmp => store.CopyToParquet("replicates", tmp, def.Hash));
        }
        foreach (var f in new[] { work, work + ".wal" }) if (File.Exists(f)) File.Delete(f);
        return summary with { PartFile = final };
    }

    private static void WriteAtomically(string final, Action<string> write)
    {
        var tmp = final + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}.parquet";
        try
        {
            write(tmp);
            File.Move(tmp, final, overwrite: true);
        }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
    }

    private static SweepRunSummary RunInto(SweepDefinition def, string storePath, SweepRunOptions o, string? progressFile, IProgress<ProgressUpdate>? progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        using var store = SweepStore.OpenOrCreate(storePath, def);
        var done = store.DoneKeys(def.Replicates);
        var all = SweepRunner.Items(def, o.Shard, o.Shards).ToList();
        var todo = all.Where(it => !done.Contains((long)it.Point * def.Replicates + it.Replicate)).ToList();
        long already = all.Count - todo.Count;
        long ran = 0;
        double writeSeconds = 0;
        var batch = new List<ReplicateRow>();
        var lastFlush = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        bool interrupted = false;
        string task = o.Sharded ? $"sweep {def.Name} shard {o.Shard}/{o.Shards}" : $"sweep {def.Name}";
        progress.Tell(task, already, all.Count);
        WriteProgress(progressFile, already, all.Count);

        void Flush()
        {
            if (batch.Count == 0) return;
            var w = Stopwatch.StartNew();
            store.Append(def, batch);
            writeSeconds += w.Elapsed.TotalSeconds;
            ran += batch.Count;
            batch.Clear();
            lastFlush.Restart();
            WriteProgress(progressFile, already + ran, all.Count);
            progress.Tell(task, already + ran, all.Count);
            if (o.StopAfterRows is { } k && ran >= k) { interrupted = true; stop.Cancel(); }
        }

        try
        {
            SweepRunner.Run(def, todo, o.Threads, row =>
            {
                if (interrupted) return; // rows after a simulated kill are lost, as they would be
                batch.Add(row);
                if (batch.Count >= o.BatchRows || lastFlush.Elapsed.TotalSeconds >= o.BatchSeconds) Flush();
            }, () => { if (!interrupted && lastFlush.Elapsed.TotalSeconds >= o.BatchSeconds) Flush(); }, stop.Token);
            Flush();
        }
        catch (OperationCanceledException) when (interrupted && !cancel.IsCancellationRequested) { }
        catch (OperationCanceledException)
        {
            Flush(); // a user's Ctrl+C keeps what finished
            throw;
        }
        if (!interrupted)
        {
            var w = Stopwatch.StartNew();
            store.Checkpoint(); // part of the store's cost: folds the write-ahead log into the file
            writeSeconds += w.Elapsed.TotalSeconds;
            if (ran == 0) progress.Tell(task, all.Count, all.Count);
        }
        return new SweepRunSummary(storePath, all.Count, already, ran, clock.Elapsed.TotalSeconds, writeSeconds, interrupted, null);
    }

    private static void WriteProgress(string? file, long done, long total)
    {
        if (file is null) return;
        AtomicFile.WriteText(file, $"{done} {total}\n");
    }

    /// <summary>The sweep hash recorded in a Parquet part's key–value metadata ("" when absent or unreadable).</summary>
    public static string PartHash(string parquet)
    {
        try
        {
            using var db = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT decode(value) FROM parquet_kv_metadata({SweepStore.S(parquet)}) WHERE decode(key) = 'sweep_hash'";
            return cmd.ExecuteScalar()?.ToString() ?? "";
        }
        catch (DuckDB.NET.Data.DuckDBException) { return ""; }
    }
}
