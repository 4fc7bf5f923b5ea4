using ResLab.Model;
using ResLab.Simulation;
using ResLab.Tests.Simulation.Random;

namespace ResLab.Tests.Simulation;

/// <summary>MODEL.md §7: a pure birth–death clone has mean N0·e^{(b−d)t}; from one cell it dies out with probability d/b.</summary>
public class BirthDeathTruthTests
{
    private static readonly EngineSettings NoSwitching = new() { Evolution = false, StateSwitching = false, MaxStep = 1 };

    [Theory]
    [InlineData(100)]   // exact event-by-event path
    [InlineData(5000)]  // birth–death kernel path
    public void Mean_grows_as_exp_of_b_minus_d(long n0)
    {
        var line = TestLines.BirthDeath(30, 0.01);
        var model = new LineModel(line);
        double b = model.DivisionRate, d = 0.01, lambda = b - d, t = 120;
        Assert.Equal(Math.Log(2) / 30, lambda, 12);
        const int reps = 400;
        double sum = 0;
        var start = Population.Seed(line, n0);
        for (int r = 0; r < reps; r++)
        {
            var c = new Culture(start, Flask.Unbounded, NoSwitching, seed: 12, replicate: (ulong)r);
            c.AdvanceTo(t);
            sum += c.TotalCells;
        }
        double e = Math.Exp(lambda * t);
        double mean = n0 * e, var = n0 * (b + d) / lambda * e * (e - 1);
        Assert.True(Stats.ZP((sum / reps - mean) / Math.Sqrt(var / reps)) > 1e-3, $"mean {sum / reps} vs {mean}");
    }

    [Fact]
    public void Extinction_probability_from_one_cell_is_d_over_b()
    {
        var line = TestLines.BirthDeath(30, 0.01);
        double b = new LineModel(line).DivisionRate, d = 0.01, p = d / b;
        const int reps = 3000;
        int extinct = 0;
        var start = Population.Seed(line, 1);
        for (int r = 0; r < reps; r++)
        {
            var c = new Culture(start, Flask.Unbounded, NoSwitching, seed: 5, replicate: (ulong)r);
            while (!c.Extinct && c.TotalCells < 200) c.Advance(24);
            if (c.Extinct) extinct++;
        }
        double z = (extinct - reps * p) / Math.Sqrt(reps * p * (1 - p));
        Assert.True(Stats.ZP(z) > 1e-3, $"{extinct}/{reps} extinct, expected {p:F4}");
    }

    [Theory]
    [InlineData(1.0)]   // fixed 1-h steps
    [InlineData(8.0)]   // adaptive leaps (the default): constant hazards, so every step after the first two is 8 h
    public void Mean_is_exact_with_and_without_adaptive_leaps(double maxLeap)
    {
        // 20 seeds × 200 replicates from 100 cells (event-by-event until 256 cells, then the kernel)
        var line = TestLines.BirthDeath(30, 0.01);
        double b = new LineModel(line).DivisionRate, d = 0.01, lambda = b - d, t = 120;
        const long n0 = 100;
        double e = Math.Exp(lambda * t), mean = n0 * e, var = n0 * (b + d) / lambda * e * (e - 1);
        var settings = NoSwitching with { MaxLeap = maxLeap };
        double sum = 0;
        int n = 0;
        for (ulong seed = 100; seed < 120; seed++)
            for (int r = 0; r < 200; r++, n++)
            {
                var c = new Culture(Population.Seed(line, n0), Flask.Unbounded, settings, seed: seed, replicate: (ulong)r);
                c.AdvanceTo(t);
                sum += c.TotalCells;
            }
        Assert.True(Stats.ZP((sum / n - mean) / Math.Sqrt(var / n)) > 1e-3, $"max leap {maxLeap} h: mean {sum / n} vs {mean}");
    }

    [Fact]
    public void Births_and_deaths_are_exact_for_any_step_length()
    {
        // the same clone advanced in 1 h and in 24 h steps has the same mean (the kernel is exact, not a leap approximation)
        var line = TestLines.BirthDeath(30, 0.01);
        double lambda = Math.Log(2) / 30, t = 96;
        foreach (var step in new[] { 1.0, 24.0 })
        {
            var settings = NoSwitching with { MaxStep = step, ExactThreshold = 0 };
            double sum = 0;
            const int reps = 300;
            for (int r = 0; r < reps; r++)
            {
                var c = new Culture(Population.Seed(line, 10_000), Flask.Unbounded, settings, seed: 3, replicate: (ulong)r);
                c.AdvanceTo(t);
                sum += c.TotalCells;
            }
            double b = new LineModel(line).DivisionRate, d = 0.01, e = Math.Exp(lambda * t);
            double var = 10_000 * (b + d) / lambda * e * (e - 1);
            Assert.True(Stats.ZP((sum / reps - 10_000 * e) / Math.Sqrt(var / reps)) > 1e-3, $"step {step}: mean {sum / reps} vs {10_000 * e}");
        }
    }
}
