using System.Globalization;
using System.Text.RegularExpressions;

namespace ResLab.Sweeps;

/// <summary>The state of one shard of a store directory.</summary>
public sealed record ShardState(int Index, long Expected, long Done, string State);

/// <summary>
/// The Parquet parts of a sharded sweep (one per task, in DIR/parts/): their progress, and their merge into the
/// store DIR/sweep.duckdb once every part is present, each checked to belong to this sweep, with no row missing or repeated.
/// </summary>
public static class SweepParts
{
    private static readonly Regex PartFile = new(@"^part-(\d{4,})-of-(\d{4,})\.(parquet|progress|duckdb)$", RegexOptions.CultureInvariant);

    public static string DefaultStore(string dir) => Path.Combine(Path.GetFullPath(dir), "sweep.duckdb");

    private static IEnumerable<(int I, int N, string Kind, string File)> Files(string dir)
    {
        var parts = SweepJob.PartsDir(dir);
        if (!Directory.Exists(parts)) yield break;
        foreach (var f in Directory.GetFiles(parts))
        {
            var m = PartFile.Match(Path.GetFileName(f));
            if (m.Success) yield return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value, f);
        }
    }

    /// <summary>The shard count of the parts present (user error when parts of different counts are mixed).</summary>
    public static int? ShardCount(string dir)
    {
        var ns = Files(dir).Select(f => f.N).Distinct().ToArray();
        if (ns.Length > 1) throw new UserInputException($"the parts directory mixes runs with {string.Join(" and ", ns)} shards; remove the parts of the other run", new InputLocation(SweepJob.PartsDir(dir)));
        return ns.Length == 0 ? null : ns[0];
    }

    public static IReadOnlyList<ShardState> Status(SweepDefinition def, string dir, int? shards = null)
    {
        int n = shards ?? ShardCount(dir) ?? 0;
        var files = Files(dir).Where(f => f.N == n).ToList();
        var list = new List<ShardState>();
        for (int i = 0; i < n; i++)
        {
            long expected = SweepRunner.Items(def, i, n).LongCount();
            var mine = files.Where(f => f.I == i).ToList();
            if (mine.FirstOrDefault(f => f.Kind == "parquet") is { File: { } pq })
            {
                var ok = SweepJob.PartHash(pq) == def.Hash;
                list.Add(new ShardState(i, expected, ok ? expected : 0, ok ? "complete" : "of another sweep"));
            }
            else if (mine.FirstOrDefault(f => f.Kind == "progress") is { File: { } pr })
            {
                var t = File.ReadAllText(pr).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                long d = t.Length > 0 && long.TryParse(t[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : 0;
                list.Add(new ShardState(i, expected, d, "running or interrupted"));
            }
            else list.Add(new ShardState(i, expected, 0, "not started"));
        }
        return list;
    }

    public sealed record MergeSummary(string Store, int Parts, long Rows);

    /// <summary>Merges every part into the store (written to a temporary file, then moved into place).</summary>
    public static MergeSummary Merge(SweepDefinition def, string dir, string? store = null)
    {
        var target = Path.GetFullPath(store ?? DefaultStore(dir));
        int n = ShardCount(dir) ?? throw new UserInputException("no parts to merge: run the shards first ('reslab sweep run FILE --shard i/N --out DIR')", new InputLocation(dir));
        var parts = Files(dir).Where(f => f.Kind == "parquet").OrderBy(f => f.I).ToList();
        var missing = Enumerable.Range(0, n).Where(i => parts.All(p => p.I != i)).ToList();
        if (missing.Count > 0)
            throw new UserInputException($"{missing.Count} of {n} parts are missing or unfinished (shards {string.Join(", ", missing.Take(20))}{(missing.Count > 20 ? ", …" : "")}); " +
                                         "rerun those tasks (a rerun resumes and repairs its part), then merge", new InputLocation(SweepJob.PartsDir(dir)));
        foreach (var p in parts)
            if (SweepJob.PartHash(p.File) != def.Hash)
                throw new UserInputException("this part was written by another sweep (its sweep hash differs); remove the parts directory or use a new store directory", new InputLocation(p.File));
        if (File.Exists(target))
        {
            using var existing = SweepStore.OpenRead(target);
            if (existing.StoredHash != def.Hash)
                throw new UserInputException($"the store holds another sweep ('{existing.StoredName}'); merge into a new store", new InputLocation(target));
        }
        var tmp = target + $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        long rows;
        try
        {
            using (var s = SweepStore.OpenOrCreate(tmp, def))
            {
                using var tx = s.Connection.BeginTransaction();
                var list = "[" + string.Join(", ", parts.Select(p => SweepStore.S(p.File))) + "]";
                s.Execute($"INSERT INTO replicates SELECT * FROM read_parquet({list}) ORDER BY point, replicate");
                if (def.Series)
                {
                    var series = parts.Select(p => Path.Combine(Path.GetDirectoryName(p.File)!, "series-" + SweepJob.PartName(p.I, n) + ".parquet")).ToList();
                    if (series.FirstOrDefault(f => !File.Exists(f)) is { } absent) throw new UserInputException("the series part of a finished shard is missing; rerun that task", new InputLocation(absent));
                    s.Execute($"INSERT INTO series SELECT * FROM read_parquet([{string.Join(", ", series.Select(SweepStore.S))}]) ORDER BY point, replicate, time_h");
                }
                tx.Commit();
                rows = s.Count();
                long distinct = Convert.ToInt64(s.Scalar("SELECT count(*) FROM (SELECT DISTINCT point, replicate FROM replicates)"), CultureInfo.InvariantCulture);
                if (rows != def.TotalReplicates || distinct != rows)
                    throw new UserInputException($"the parts hold {rows} rows ({distinct} distinct) but the sweep has {def.TotalReplicates}; rerun the tasks", new InputLocation(SweepJob.PartsDir(dir)));
                s.Checkpoint();
            }
            File.Move(tmp, target, overwrite: true);
        }
        finally
        {
            foreach (var f in new[] { tmp, tmp + ".wal" }) if (File.Exists(f)) File.Delete(f);
        }
        return new MergeSummary(target, n, rows);
    }
}
