using BenchmarkDotNet.Attributes;
using ResLab.Screens;
using ResLab.Screens.DrugZ;
using ResLab.Screens.Mageck;

namespace ResLab.Bench;

/// <summary>
/// The screen analyses on the genome-scale benchmark table (bench/make_screen_counts.py: 20,000 genes × 4 sgRNAs +
/// 1,000 non-targeting × 5 samples), in process: reading, MAGeCK test (statistics and RRA with its 2-million-draw
/// permutation null per direction), writing MAGeCK's files, and DrugZ. Set RESLAB_SCREEN_TABLE to use another table.
/// </summary>
[MemoryDiagnoser]
public class ScreenBench
{
    private string _path = "";
    private CountTable _table = null!;
    private MageckTestResult _result = null!;
    private string _out = "";
    private readonly MageckTestOptions _test = new() { Control = ["vehicle_1", "vehicle_2"], Treatment = ["cisplatin_1", "cisplatin_2"] };
    private readonly DrugZOptions _drugz = new() { Control = ["vehicle_1", "vehicle_2"], Treatment = ["cisplatin_1", "cisplatin_2"] };

    [GlobalSetup]
    public void Setup()
    {
        _path = Environment.GetEnvironmentVariable("RESLAB_SCREEN_TABLE") ?? Path.Combine(Path.GetTempPath(), "reslab-bench-screen.tsv");
        if (!File.Exists(_path))
        {
            var root = FindRoot();
            var p = System.Diagnostics.Process.Start("/usr/bin/python3", [Path.Combine(root, "bench", "make_screen_counts.py"), _path]);
            p!.WaitForExit();
        }
        _table = CountTableReader.Read(_path);
        _result = MageckTest.Run(_table, _test);
        _out = Directory.CreateTempSubdirectory("reslab-bench-").FullName;
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ResLab.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    [Benchmark(Description = "read 81,000 x 5 count table")]
    public int Read() => CountTableReader.Read(_path).SgrnaCount;

    [Benchmark(Baseline = true, Description = "MAGeCK test (sgRNA stats + RRA both ways)")]
    public double MageckTestRun() => MageckTest.Run(_table, _test).Genes[0].Neg.P;

    [Benchmark(Description = "write gene/sgRNA summaries + normalized")]
    public void WriteMageck()
    {
        MageckWriter.WriteGeneSummary(_result, Path.Combine(_out, "g.txt"));
        MageckWriter.WriteSgrnaSummary(_result, Path.Combine(_out, "s.txt"));
        MageckWriter.WriteNormalized(_table, _result, Path.Combine(_out, "n.txt"));
    }

    [Benchmark(Description = "DrugZ (paired, hws 500)")]
    public double DrugZRun() => DrugZAnalysis.Run(_table, _drugz).Genes[0].NormZ;
}
