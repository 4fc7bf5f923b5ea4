using System.Runtime.CompilerServices;

namespace ResLab.Screens.Rra;

/// <summary>
/// Cheap estimates of RRA's order-statistic terms <see cref="OrderStatisticBeta.Cdf"/>(u₍ᵢ₎; i + 1, n − i) for a small
/// group size n, used only to decide which terms can be a null draw's minimum: the exact term (logarithms and an
/// exponential each) is then computed for those alone, so the lo-value is the same double as computing every term.
/// <para>
/// The estimate: with integer shapes the beta CDF is the binomial tail P(Bin(n, x) ≥ i + 1), a sum of positive
/// terms (no cancellation; relative error ≲ 4n ulp). AS 63 as RRA runs it divides by RRA's Stirling beta function
/// instead of the exact B(i + 1, n − i), so its value is r·I (or 1 − r·(1 − I) when it evaluates the complement),
/// r = B / B_RRA; the estimate applies the same r. Its distance from AS 63's double is far below
/// <see cref="Tolerance"/> (rounding of order 1e-14 relative; tested against the exact terms).
/// </para>
/// </summary>
public sealed class OrderStatisticBounds
{
    /// <summary>Largest group size with estimates (larger groups compute every term exactly).</summary>
    public const int MaxSize = 16;

    /// <summary>Relative margin: a term whose estimate exceeds the smallest estimate by more cannot be the minimum.</summary>
    public const double Tolerance = 1e-8;

    private readonly int _n;
    private readonly double[] _up;       // (n − j)/(j + 1): C(n, j + 1) = C(n, j)·_up[j]
    private readonly double[] _down;     // j/(n − j + 1): C(n, j − 1) = C(n, j)·_down[j]
    private readonly double[] _ratio;    // r for term i

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, OrderStatisticBounds> BySize = new();

    /// <summary>The estimates for groups of <paramref name="n"/> items (null when n is above <see cref="MaxSize"/>).</summary>
    public static OrderStatisticBounds? For(int n) => n is >= 1 and <= MaxSize ? BySize.GetOrAdd(n, static n => new OrderStatisticBounds(n)) : null;

    private OrderStatisticBounds(int n)
    {
        _n = n;
        _up = new double[n + 1];
        _down = new double[n + 1];
        for (int j = 0; j <= n; j++)
        {
            _up[j] = (n - j) / (j + 1.0);
            _down[j] = j / (n - j + 1.0);
        }
        var logBeta = RobustRankAggregation.LogBetas(n);
        _ratio = new double[n];
        for (int i = 0; i < n; i++)
        {
            // B(i + 1, n − i) = i! (n − i − 1)! / n! exactly (factorials up to 16! are exact doubles).
            double b = Factorial(i) * Factorial(n - i - 1) / Factorial(n);
            _ratio[i] = Math.Exp(Math.Log(b) - logBeta[i]);
        }
    }

    private static double Factorial(int k)
    {
        double f = 1;
        for (int j = 2; j <= k; j++) f *= j;
        return f;
    }

    /// <summary>The estimate of term i at x = u₍ᵢ₎ (0 &lt; x &lt; 1), branch for branch as AS 63 evaluates it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Term(int i, double x)
    {
        int n = _n;
        double cx = 1.0 - x;
        double p = i + 1, q = n - i;
        // The binomial probabilities C(n, j) xʲ (1 − x)ⁿ⁻ʲ of the tail, each from the previous by one ratio (positive factors only).
        if (p < (p + q) * x)
        {
            // AS 63 evaluates the complement: value = 1 − r·P(Bin ≤ i), summed from j = 0.
            double t = 1, ratio = x / cx;
            for (int j = 0; j < n; j++) t *= cx;
            double lower = t;
            for (int j = 0; j < i; j++)
            {
                t *= _up[j] * ratio;
                lower += t;
            }
            return 1.0 - _ratio[i] * lower;
        }
        else
        {
            double t = 1, ratio = cx / x;
            for (int j = 0; j < n; j++) t *= x;
            double upper = t;
            for (int j = n; j > i + 1; j--)
            {
                t *= _down[j] * ratio;
                upper += t;
            }
            return _ratio[i] * upper;
        }
    }
}
