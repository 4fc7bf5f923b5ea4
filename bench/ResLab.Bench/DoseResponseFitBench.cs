using BenchmarkDotNet.Attributes;
using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Fitting;

namespace ResLab.Bench;

/// <summary>One LL.4 curve of 8 doses × 3 replicates, as in the 10,000-curve peer comparison (bench/dose-response-vs-peers.sh).</summary>
[MemoryDiagnoser]
public class DoseResponseFitBench
{
    private DoseResponseData _data = null!;
    private readonly FitOptions _estimatesOnly = new() { EstimatesOnly = true };
    private readonly FitOptions _gaussNewton = new() { Covariance = CovarianceMethod.GaussNewton };

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        double[] doses = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
        var x = new List<double>();
        var y = new List<double>();
        foreach (var d in doses)
            for (int r = 0; r < 3; r++)
            {
                x.Add(d);
                y.Add(LogLogistic.Value(d, [1.3, 8, 100, 0.6, 1]) + 4 * (rng.NextDouble() + rng.NextDouble() + rng.NextDouble() - 1.5));
            }
        _data = new DoseResponseData(x, y);
    }

    [Benchmark(Description = "LL.4 estimates only")]
    public double EstimatesOnly() => DoseResponseModel.LL4.Fit(_data, _estimatesOnly).Rss;

    [Benchmark(Baseline = true, Description = "LL.4 + drc Hessian vcov")]
    public double WithHessianCovariance() => DoseResponseModel.LL4.Fit(_data).StandardError(3);

    [Benchmark(Description = "LL.4 + Gauss-Newton vcov")]
    public double WithGaussNewtonCovariance() => DoseResponseModel.LL4.Fit(_data, _gaussNewton).StandardError(3);

    [Benchmark(Description = "LL.4 + ED10/50/90, abs IC50, AUC, F tests")]
    public double FullReport()
    {
        var f = DoseResponseModel.LL4.Fit(_data);
        return f.Ed(10).Estimate + f.Ed(50).Estimate + f.Ed(90).Estimate + f.AbsoluteIc50().Estimate + f.AucFit() + f.FlatTest().P + (f.LackOfFit()?.P ?? 0);
    }

    [Benchmark(Description = "LL.5 + drc Hessian vcov")]
    public double Ll5() => DoseResponseModel.LL5.Fit(_data).Rss;
}
