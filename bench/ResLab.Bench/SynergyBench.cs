using BenchmarkDotNet.Attributes;
using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Synergy;
using ResLab.Storage;

namespace ResLab.Bench;

/// <summary>SynergyFinder scoring of one 6 × 6 Mathews block (2 single-drug + 10 ZIP row/column fits on drc's path, Loewe grid), and its parts.</summary>
[MemoryDiagnoser]
public class SynergyBench
{
    private CombinationBlock _block = null!;
    private double[,] _y = null!;
    private double[] _dose = null!, _resp = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), "reslab-bench-mathews.csv");
        File.WriteAllText(path, Data.Mathews);
        _block = CombinationReader.Read(path).Blocks[1];
        _y = _block.Mean();
        _dose = _block.Conc2;
        _resp = Enumerable.Range(0, _block.Columns).Select(j => _y[0, j]).ToArray();
    }

    [Benchmark(Description = "one LL.4 on drc's BFGS path (6 doses)")]
    public double DrcPathFit() => DrcPath.FitLL4(_dose, _resp)!.E;

    [Benchmark(Baseline = true, Description = "score one 6x6 block (ZIP, HSA, Bliss, Loewe grid, CI)")]
    public double ScoreBlock() => SynergyModels.Score(_block.Conc1, _block.Conc2, _y, LoeweMethod.Grid, CurveFitMethod.SynergyFinder).Zip(5, 5);

    [Benchmark(Description = "score one 6x6 block, exact Loewe")]
    public double ScoreBlockExact() => SynergyModels.Score(_block.Conc1, _block.Conc2, _y, LoeweMethod.Exact, CurveFitMethod.SynergyFinder).Loewe(5, 5);

    [Benchmark(Description = "score one 6x6 block with replicates (10 bootstrap iterations)")]
    public double ScoreReplicated()
    {
        var reps = new IReadOnlyList<double>[_block.Rows, _block.Columns];
        for (int i = 0; i < _block.Rows; i++)
            for (int j = 0; j < _block.Columns; j++) reps[i, j] = [_y[i, j] - 2, _y[i, j], _y[i, j] + 2];
        var b = new CombinationBlock { Id = "r", Drug1 = "a", Drug2 = "b", Unit1 = "", Unit2 = "", Conc1 = _block.Conc1, Conc2 = _block.Conc2, Responses = reps, Lines = _block.Lines };
        return SynergyAnalysis.Score(b, new SynergyOptions()).Summary[SynergyModel.Zip].Score;
    }
}
