using BenchmarkDotNet.Attributes;
using ResLab.Sweeps;

namespace ResLab.Bench;

/// <summary>
/// The two costs of a sweep (docs/performance.md, "Sweeps"): one replicate of the 6-month escalation benchmark sweep
/// (bench/sweeps/escalation-6-months.yaml), and committing a batch of 512 of its rows to a DuckDB store.
/// </summary>
[MemoryDiagnoser]
public class SweepBench
{
    private SweepDefinition _def = null!;
    private List<ReplicateRow> _rows = null!;
    private string _dir = "";
    private int _replicate;

    [GlobalSetup]
    public void Setup()
    {
        var file = Path.Combine(FindRoot(), "bench", "sweeps", "escalation-6-months.yaml");
        _def = SweepReader.Load(file);
        var one = SweepRunner.RunOne(_def, 1, 0);
        _rows = Enumerable.Range(0, 512).Select(i => one with { Point = i % _def.Points.Count, Replicate = i / _def.Points.Count }).ToList();
        _dir = Path.Combine(Path.GetTempPath(), "reslab-sweepbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, true);

    [Benchmark(Description = "one replicate, 6-month escalation, 1e5-cell flask")]
    public double Replicate() => SweepRunner.RunOne(_def, 1, _replicate++ % 2500).Metrics[0];

    [Benchmark(Description = "commit a batch of 512 rows (new store each time)")]
    public long Commit()
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".duckdb");
        using var store = SweepStore.OpenOrCreate(path, _def);
        store.Append(_def, _rows);
        return store.Count();
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ResLab.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
