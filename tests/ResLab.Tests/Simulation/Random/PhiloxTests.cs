using System.Numerics;
using ResLab.Simulation.Random;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Simulation.Random;

public class PhiloxTests
{
    [Fact]
    public void Blocks_match_numpy_Philox4x64()
    {
        var lines = File.ReadAllLines(Path.Combine(CliRunner.RepoRoot, "tests/ResLab.Tests/Fixtures/simulation/philox4x64_numpy.csv")).Skip(1).ToArray();
        Assert.Equal(4, lines.Length);
        foreach (var line in lines)
        {
            var v = line.Split(',').Select(ulong.Parse).ToArray();
            var ctr = new BigInteger(v[2]) | (new BigInteger(v[3]) << 64) | (new BigInteger(v[4]) << 128) | (new BigInteger(v[5]) << 192);
            for (int block = 0; block < 2; block++)
            {
                var c = (ctr + block + 1) & ((BigInteger.One << 256) - 1);
                ulong W(int i) => (ulong)((c >> (64 * i)) & ulong.MaxValue);
                Philox.Block(W(0), W(1), W(2), W(3), v[0], v[1], out var r0, out var r1, out var r2, out var r3);
                Assert.Equal(new[] { v[6 + 4 * block], v[7 + 4 * block], v[8 + 4 * block], v[9 + 4 * block] }, new[] { r0, r1, r2, r3 });
            }
        }
    }

    [Fact]
    public void Streams_are_addressed_by_their_coordinates()
    {
        var a = new RandomStream(42, 3, StreamPurpose.Fates, 17, 1000);
        var b = new RandomStream(42, 3, StreamPurpose.Fates, 17, 1000);
        var c = new RandomStream(42, 3, StreamPurpose.Fates, 18, 1000);
        var d = new RandomStream(42, 4, StreamPurpose.Fates, 17, 1000);
        var xs = Enumerable.Range(0, 10).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(xs, Enumerable.Range(0, 10).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(xs, Enumerable.Range(0, 10).Select(_ => c.NextUInt64()).ToArray());
        Assert.NotEqual(xs, Enumerable.Range(0, 10).Select(_ => d.NextUInt64()).ToArray());
    }

    [Fact]
    public void Uniforms_are_uniform_and_open_uniforms_exclude_zero()
    {
        var s = new RandomStream(7, 0, StreamPurpose.User, 0, 0);
        const int n = 200_000, bins = 50;
        var counts = new long[bins];
        for (int i = 0; i < n; i++)
        {
            double u = s.NextDouble();
            Assert.InRange(u, 0, 1 - 1e-17);
            counts[(int)(u * bins)]++;
            Assert.True(s.NextOpenDouble() > 0);
        }
        var expected = Enumerable.Repeat((double)n / bins, bins).ToArray();
        Assert.True(Stats.ChiSquareP(counts, expected) > 1e-4);
    }
}
