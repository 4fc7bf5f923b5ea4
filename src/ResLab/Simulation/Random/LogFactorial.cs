namespace ResLab.Simulation.Random;

/// <summary>
/// ln(k!) for whole numbers up to 2^53, and differences ln(a!) − ln(b!) that stay accurate when a and b are huge
/// and close (10^12 cells): the samplers' acceptance tests subtract such values, and forming each one separately
/// would lose every digit of their difference.
/// </summary>
public static class LogFactorial
{
    private const int TableSize = 1024;
    private static readonly double[] Table = BuildTable();

    private static double[] BuildTable()
    {
        var t = new double[TableSize];
        double s = 0;
        for (int i = 1; i < TableSize; i++) { s += Math.Log(i); t[i] = s; }
        return t;
    }

    private const double HalfLog2Pi = 0.91893853320467274178;

    /// <summary>ln(k!) for k ≥ 0.</summary>
    public static double Of(double k)
    {
        if (k < TableSize) return Table[(int)k];
        double x = k + 1;
        return (x - 0.5) * Math.Log(x) - x + HalfLog2Pi + Correction(x);
    }

    /// <summary>The Stirling series remainder of ln Γ(x): 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷), x ≥ 1024.</summary>
    private static double Correction(double x)
    {
        double r = 1 / x, r2 = r * r;
        return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 / 1680)));
    }

    /// <summary>ln(a!) − ln(b!), accurate to ~1e-15 × |a − b| × ln(a) even for a, b ~ 10^12.</summary>
    public static double Difference(double a, double b)
    {
        if (a == b) return 0;
        if (a < TableSize && b < TableSize) return Table[(int)a] - Table[(int)b];
        double d = a - b;
        if (Math.Abs(d) <= 16)
        {
            // a short product: Σ ln i over (b, a]
            double lo = Math.Min(a, b), hi = Math.Max(a, b), s = 0;
            for (double i = lo + 1; i <= hi; i++) s += Math.Log(i);
            return d > 0 ? s : -s;
        }
        if (a < TableSize || b < TableSize) return Of(a) - Of(b);
        // ln Γ(A) − ln Γ(B) with A = a+1, B = b+1: (A−½)ln A − (B−½)ln B − (A−B) + corrections, regrouped as
        // (A−B)·ln A + (B−½)·ln(A/B) − (A−B), with ln(A/B) = log1p((A−B)/B).
        double A = a + 1, B = b + 1;
        return d * Math.Log(A) + (B - 0.5) * Log1p(d / B) - d + Correction(A) - Correction(B);
    }

    /// <summary>ln P(X = k) for X ~ Poisson(mu), accurate for huge mu near the mode.</summary>
    public static double PoissonLogPmf(double k, double mu)
    {
        if (k < TableSize || mu < TableSize) return k * Math.Log(mu) - mu - Of(k);
        // k ln mu − mu − ln k! = −k·log1p((k−mu)/mu) + (k − mu) − ½ ln(2πk) − ½ ln(1+1/k)… written via Stirling of Γ(k+1):
        // ln k! = (k+½)ln(k+1) − (k+1) + ½ln2π + corr(k+1); use ln(k+1) = ln k + log1p(1/k).
        double delta = k - mu;
        double x = k + 1;
        // ln k! − k ln mu = k·ln(x/mu) + ½ ln x − x + ½ln2π + corr(x), ln(x/mu) = log1p((x − mu)/mu)
        double t = k * Log1p((x - mu) / mu) + 0.5 * Math.Log(x) - 1 + HalfLog2Pi + Correction(x);
        return -t + delta;
    }

    /// <summary>ln(1 + x) to full precision for small x (Goldberg's trick: the rounding of 1 + x cancels).</summary>
    public static double Log1p(double x)
    {
        double u = 1 + x;
        return u == 1 ? x : Math.Log(u) * x / (u - 1);
    }
}
