using System.Runtime.CompilerServices;

namespace ResLab.Screens.Rra;

/// <summary>
/// The beta CDF that MAGeCK's RRA uses for its order statistics, computed as RRA's <c>math_api.c</c> does so that
/// lo-values (and hence their ranks among the permutation null) agree to the last bit: the incomplete beta ratio by
/// Majumder &amp; Bhattacharjee's algorithm AS 63 (Appl. Statist. 22:409, 1973; tolerance 1e-15) with the beta function
/// from RRA's four-term Stirling log-gamma (exact recursion below 7). Hand-written for that reason and for speed: the
/// null needs millions of evaluations, each a finite series because the shape parameters are integers.
/// </summary>
public static class OrderStatisticBeta
{
    /// <summary>log Γ(x) as RRA's LogGamma: shift x up to ≥ 7 by the recurrence, then Stirling's series with four terms.</summary>
    public static double LogGamma(double x)
    {
        if (x <= 0.0) return 0.0;
        double f, y = x, z;
        if (x < 7.0)
        {
            f = 1.0;
            z = y;
            while (z < 7.0)
            {
                f *= z;
                z += 1.0;
            }
            y = z;
            f = -Math.Log(f);
        }
        else f = 0.0;
        z = 1.0 / y / y;
        return f + (y - 0.5) * Math.Log(y) - y + 0.918938533204673
               + (((-0.000595238095238 * z + 0.000793650793651) * z - 0.002777777777778) * z + 0.083333333333333) / y;
    }

    /// <summary>log B(a, b) as RRA forms it: LogGamma(a) + LogGamma(b) − LogGamma(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>P(X ≤ x) for X ~ Beta(p, q), AS 63, with <paramref name="logBeta"/> = log B(p, q).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Cdf(double x, double p, double q, double logBeta)
    {
        const double acu = 0.1E-14;
        double value = x;
        if (p <= 0.0 || q <= 0.0) return value;
        if (x < 0.0 || 1.0 < x) return value;
        if (x == 0.0 || x == 1.0) return value;
        double psq = p + q, cx = 1.0 - x, xx, pp, qq;
        bool indx;
        if (p < psq * x)
        {
            xx = cx; cx = x; pp = q; qq = p; indx = true;
        }
        else
        {
            xx = x; pp = p; qq = q; indx = false;
        }
        double term = 1.0, ai = 1.0;
        value = 1.0;
        int ns = (int)(qq + cx * psq);
        // Soper's reduction formula.
        double rx = xx / cx;
        double temp = qq - ai;
        if (ns == 0) rx = xx;
        for (;;)
        {
            term = term * temp * rx / (pp + ai);
            value += term;
            temp = Math.Abs(term);
            if (temp <= acu && temp <= acu * value)
            {
                // (qq − 1)·log(cx) is exactly ±0 when qq = 1, and adding it changes nothing: skip that logarithm.
                double e = qq == 1.0 ? pp * Math.Log(xx) : pp * Math.Log(xx) + (qq - 1.0) * Math.Log(cx);
                value = value * Math.Exp(e - logBeta) / pp;
                if (indx) value = 1.0 - value;
                return value;
            }
            ai += 1.0;
            ns--;
            if (0 <= ns)
            {
                temp = qq - ai;
                if (ns == 0) rx = xx;
            }
            else
            {
                temp = psq;
                psq += 1.0;
            }
        }
    }
}
