using BenchmarkDotNet.Attributes;
using ResLab.Analysis.Clonogenic;
using ResLab.Analysis.Fitting;
using ResLab.Storage;

namespace ResLab.Bench;

/// <summary>
/// The LQ GLM on CFAssay's example: okf6TERT1 (8 experiments × 6 doses: 10 parameters) as cellsurvLQfit fits it, the
/// bare IRLS on that design, and the two-curve comparison (cellsurvLQdiff: two GLMs with 14 and 16 parameters).
/// </summary>
[MemoryDiagnoser]
public class ClonogenicBench
{
    private ClonogenicSet _set = null!;
    private double[] _x = null!, _y = null!, _o = null!;
    private int _n, _p;

    [GlobalSetup]
    public void Setup()
    {
        _set = ClonogenicReader.FromTable(TidyTable.Parse(new StringReader(Data.Cfassay), "cfassay_expl1.csv"), new ClonogenicReader.Options());
        var wells = _set.WellsOf(1).ToList();
        var exps = wells.Select(w => w.Experiment).Distinct().ToList();
        _n = wells.Count; _p = exps.Count + 2;
        _x = new double[_n * _p]; _y = new double[_n]; _o = new double[_n];
        for (int i = 0; i < _n; i++)
        {
            _x[i * _p + exps.IndexOf(wells[i].Experiment)] = 1;
            _x[i * _p + _p - 2] = wells[i].Dose;
            _x[i * _p + _p - 1] = wells[i].Dose * wells[i].Dose;
            _y[i] = wells[i].Colonies;
            _o[i] = Math.Log(wells[i].Cells);
        }
    }

    [Benchmark(Description = "IRLS quasi-Poisson GLM (48 wells, 10 parameters)")]
    public double Irls() => PoissonLogGlm.Fit(_x, _n, _p, _y, _o).Deviance;

    [Benchmark(Baseline = true, Description = "LQ fit of one line (ml, PE fit) + SF2 CI, D10, MID")]
    public double LqFit()
    {
        var f = new LqFit { Curve = _set.Curves[1], Regression = LqRegression.Fit(_set, [1], false, LqMethod.Ml, PeMethod.Fit) };
        return f.Sf2Interval().Upper + f.D10 + f.MeanInactivationDose;
    }

    [Benchmark(Description = "cellsurvLQdiff F test of the two lines (two GLMs)")]
    public double Comparison() => LqComparison.Compare(_set, [0, 1], LqMethod.Ml, PeMethod.Fit).Test.F;

    [Benchmark(Description = "whole analysis: 2 fits, comparison, DMF, pes, sfpmean")]
    public int Analysis() => ClonogenicAnalysis.Run(_set, new ClonogenicOptions { Reference = "cal33" }).Points.Count;
}
