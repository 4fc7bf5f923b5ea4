using BenchmarkDotNet.Attributes;
using ResLab.Simulation.Random;

namespace ResLab.Bench;

/// <summary>Cost per draw of the engine's samplers at the sizes a 10^12-cell flask needs (MathNet's binomial is O(n)).</summary>
[MemoryDiagnoser]
public class SamplerBench
{
    private RandomStream _rng = new(1, 0, StreamPurpose.User, 0, 0);

    [Benchmark(Description = "Binomial n=1e12 p=0.3 (BTPE)")]
    public long BinomialHuge() => Samplers.Binomial(ref _rng, 1_000_000_000_000, 0.3);

    [Benchmark(Description = "Binomial n=1000 p=0.01 (inversion)")]
    public long BinomialSmall() => Samplers.Binomial(ref _rng, 1000, 0.01);

    [Benchmark(Description = "Poisson mu=1e9 (PTRS)")]
    public long PoissonHuge() => Samplers.Poisson(ref _rng, 1e9);

    [Benchmark(Description = "Hypergeometric N=1e12 K=3e11 n=1e11 (HRUA)")]
    public long HypergeometricHuge() => Samplers.Hypergeometric(ref _rng, 1_000_000_000_000, 300_000_000_000, 100_000_000_000);

    [Benchmark(Description = "Philox uniform double")]
    public double Uniform() => _rng.NextDouble();
}
