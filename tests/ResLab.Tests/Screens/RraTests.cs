using ResLab.Screens.Rra;

namespace ResLab.Tests.Screens;

/// <summary>The pieces of MAGeCK's RRA against independent truths (published checks, closed forms, hand calculations).</summary>
public class RraTests
{
    /// <summary>Park &amp; Geyer's rngs.c self-test: from seed 1, the 10,000th draw leaves the state 399268537 (their CHECK).</summary>
    [Fact]
    public void Park_Miller_stream_passes_rngs_check_value()
    {
        var r = new ParkMillerRandom(1);
        for (int i = 0; i < 10000; i++) r.Next();
        Assert.Equal(399268537, r.State);
    }

    [Fact]
    public void First_draw_from_MAGeCKs_seed_is_48271_times_123456_mod_2_31_minus_1()
    {
        var r = new ParkMillerRandom(ParkMillerRandom.MageckSeed);
        double u = r.Next();
        Assert.Equal(48271L * 123456 % 2147483647, r.State);
        Assert.Equal(r.State / 2147483647.0, u);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(997)]
    [InlineData(123457)]
    public void Skip_lands_where_drawing_one_by_one_does(int n)
    {
        var a = new ParkMillerRandom(ParkMillerRandom.MageckSeed);
        var b = a;
        for (int i = 0; i < n; i++) a.Next();
        b.Skip(n);
        Assert.Equal(a.State, b.State);
        Assert.Equal(a.Next(), b.Next());
    }

    /// <summary>
    /// The estimates that choose which null terms are computed exactly are within 1e-11 relative of AS 63's doubles
    /// (the selection margin is 1e-8), over random and extreme order statistics of every size they serve.
    /// </summary>
    [Fact]
    public void Order_statistic_estimates_are_far_within_the_selection_margin()
    {
        var rng = new ParkMillerRandom(ParkMillerRandom.MageckSeed);
        double worst = 0;
        for (int n = 1; n <= OrderStatisticBounds.MaxSize; n++)
        {
            var bounds = OrderStatisticBounds.For(n)!;
            var logBeta = RobustRankAggregation.LogBetas(n);
            var xs = Enumerable.Range(0, 20000).Select(_ => rng.Next()).Concat([1.0 / ParkMillerRandom.Modulus, 1e-6, 0.5, 1 - 1e-9, (ParkMillerRandom.Modulus - 1.0) / ParkMillerRandom.Modulus]);
            foreach (var x in xs)
                for (int i = 0; i < n; i++)
                {
                    double exact = OrderStatisticBeta.Cdf(x, i + 1, n - i, logBeta[i]), est = bounds.Term(i, x);
                    worst = Math.Max(worst, Math.Abs(est - exact) / exact);
                }
        }
        Assert.True(worst < 1e-11, $"largest relative difference {worst:R}");
        Assert.True(worst < OrderStatisticBounds.Tolerance / 1000);
        Assert.Null(OrderStatisticBounds.For(OrderStatisticBounds.MaxSize + 1));
    }

    /// <summary>For integer shapes the beta CDF is a binomial tail: P(Beta(a, b) ≤ x) = Σ_{j ≥ a} C(a+b−1, j) xʲ (1−x)^(a+b−1−j).</summary>
    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 3)]
    [InlineData(4, 1)]
    [InlineData(3, 8)]
    [InlineData(10, 1)]
    [InlineData(7, 14)]
    public void Order_statistic_cdf_equals_the_binomial_tail(int a, int b)
    {
        double lb = OrderStatisticBeta.LogBeta(a, b);
        foreach (var x in new[] { 1e-6, 0.01, 0.1, 0.25, 0.5, 0.77, 0.99 })
        {
            int n = a + b - 1;
            double tail = 0;
            for (int j = a; j <= n; j++) tail += Binomial(n, j) * Math.Pow(x, j) * Math.Pow(1 - x, n - j);
            // RRA's four-term Stirling log-gamma is good to ~2e-11, so the CDF to ~1e-10 relative (its own accuracy, kept on purpose).
            Assert.True(Math.Abs(OrderStatisticBeta.Cdf(x, a, b, lb) - tail) <= 1e-10 * Math.Max(tail, 1e-300) + 1e-15,
                $"Beta({a},{b}) at {x}: {OrderStatisticBeta.Cdf(x, a, b, lb):R} vs {tail:R}");
        }
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.0, 0.0)]
    [InlineData(5.0, 3.1780538303479458)] // log 4! = log 24
    [InlineData(11.0, 15.104412573075516)] // log 10!
    public void Log_gamma_matches_log_factorials(double x, double expected) =>
        Assert.Equal(expected, OrderStatisticBeta.LogGamma(x), 1e-10); // four Stirling terms from 7 on: error ~2e-11

    [Fact]
    public void Lo_value_scans_while_percentiles_are_below_alpha_and_always_counts_the_first()
    {
        // Two below α = 0.25: min(1 − 0.9³, P(Beta(2,2) ≤ 0.2)) = min(0.271, 3·0.04 − 2·0.008 = 0.104).
        double lo = RobustRankAggregation.LoValue([0.1, 0.2, 0.6], 0.25, RobustRankAggregation.LogBetas(3), out int good);
        Assert.Equal(2, good);
        Assert.Equal(0.104, lo, 1e-10);
        // None below α: the first still counts, goodsgrna is 0.
        lo = RobustRankAggregation.LoValue([0.4, 0.5], 0.25, RobustRankAggregation.LogBetas(2), out good);
        Assert.Equal(0, good);
        Assert.Equal(1 - 0.6 * 0.6, lo, 1e-10);
    }

    [Fact]
    public void Nearest_index_is_RRAs_nearest_neighbour_search()
    {
        double[] a = [0.125, 0.25, 0.25, 0.5, 0.75];
        Assert.Equal(0, RobustRankAggregation.NearestIndex(0.0, a, 0, 4));
        Assert.Equal(4, RobustRankAggregation.NearestIndex(1.0, a, 0, 4));
        Assert.Equal(3, RobustRankAggregation.NearestIndex(0.45, a, 0, 4));  // nearer to 0.5
        Assert.Equal(2, RobustRankAggregation.NearestIndex(0.3, a, 0, 4));   // nearer to 0.25 (the last of the tie)
        Assert.Equal(4, RobustRankAggregation.NearestIndex(0.625, a, 0, 4)); // equidistant: the upper one
    }

    [Fact]
    public void Group_quicksort_orders_by_lo()
    {
        var rng = new Random(2);
        var lo = Enumerable.Range(0, 500).Select(_ => Math.Round(rng.NextDouble(), 2)).ToArray();
        var order = Enumerable.Range(0, lo.Length).ToArray();
        RobustRankAggregation.QuickSortByLo(order, lo);
        Assert.Equal(lo.Length, order.Distinct().Count());
        for (int i = 1; i < order.Length; i++) Assert.True(lo[order[i - 1]] <= lo[order[i]]);
    }

    [Fact]
    public void Benjamini_Hochberg_by_hand()
    {
        var q = RobustRankAggregation.BenjaminiHochberg([0.01, 0.04, 0.03, 0.5]);
        Assert.Equal([0.04, 0.16 / 3, 0.16 / 3, 0.5], q, new Tolerance(1e-15));
    }

    /// <summary>The interval tallies answer RRA's nearest-index search as the sorted array does.</summary>
    [Fact]
    public void Null_ranks_answer_like_the_sorted_null()
    {
        var rng = new Random(9);
        var values = Enumerable.Range(0, 50000).Select(i => i % 7 == 0 ? 0.5 : rng.NextDouble() * Math.Pow(10, -rng.Next(0, 6))).ToArray();
        var queries = Enumerable.Range(0, 300).Select(_ => rng.NextDouble() * Math.Pow(10, -rng.Next(0, 6))).Concat([-1e-9, 0.5 + 1e-9, 1.000000001]).ToArray();
        var ranks = new NullRanks(queries);
        var a = ranks.NewTally();
        var b = ranks.NewTally();
        for (int i = 0; i < values.Length; i++) ranks.Add(i % 3 == 0 ? a : b, values[i]);
        ranks.Merge([a, b]);
        Assert.False(ranks.ExactHit);
        var sorted = values.Order().ToArray();
        foreach (var q in queries)
            Assert.Equal(RobustRankAggregation.NearestIndex(q, sorted, 0, sorted.Length - 1), ranks.NearestIndex(q));
        var hit = new NullRanks([0.5]);
        var t = hit.NewTally();
        hit.Add(t, 0.5);
        hit.Merge([t]);
        Assert.True(hit.ExactHit);
    }

    /// <summary>The null draws, p-values and FDR do not depend on the number of worker threads.</summary>
    [Fact]
    public void Results_do_not_depend_on_threads()
    {
        var rng = new Random(4);
        var items = Enumerable.Range(0, 3000).Select(i => new RraItem("s" + i, "g" + (i % 700), rng.NextDouble())).OrderBy(x => x.Value).ToArray();
        var one = RobustRankAggregation.Run(items, new RraOptions { MaxPercentile = 0.3, Threads = 1 });
        var many = RobustRankAggregation.Run(items, new RraOptions { MaxPercentile = 0.3, Threads = 4 });
        Assert.Equal(one, many);
        var pair = RobustRankAggregation.RunMany([(items, new RraOptions { MaxPercentile = 0.3 }), (items, new RraOptions { MaxPercentile = 0.2 })]);
        Assert.Equal(one, pair[0]);
        Assert.Equal(RobustRankAggregation.Run(items, new RraOptions { MaxPercentile = 0.2, Threads = 1 }), pair[1]);
    }

    private static double Binomial(int n, int k)
    {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;
        public int GetHashCode(double obj) => 0;
    }
}
