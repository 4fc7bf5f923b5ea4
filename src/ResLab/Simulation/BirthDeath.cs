using ResLab.Simulation.Random;

namespace ResLab.Simulation;

/// <summary>
/// The exact transition of a linear birth–death process over a time t (Kendall 1948): from one cell, P(0) = α and
/// P(n) = (1 − α)(1 − β)β^(n−1), α = d(e^{λt} − 1)/(b e^{λt} − d), β = b(e^{λt} − 1)/(b e^{λt} − d), λ = b − d. From n
/// cells: the surviving lineages L ~ Binomial(n, 1 − α) and the cells N = L + NegativeBinomial(L, 1 − β). Exact for
/// any step length, which is why the engine's large clones need no small steps for their growth to be right.
/// </summary>
public static class BirthDeath
{
    public static (double Alpha, double Beta) Coefficients(double b, double d, double t)
    {
        double lambda = b - d;
        double e;
        if (Math.Abs(lambda * t) < 1e-9)
        {
            // b ≈ d: α = β = bt/(1 + bt) (first order in λ)
            double bt = b * t;
            return (d * t / (1 + bt), bt / (1 + bt));
        }
        e = Math.Exp(lambda * t) - 1; // expm1 accuracy is enough here: λt ≥ 1e-9
        if (Math.Abs(lambda * t) < 1e-4) e = lambda * t * (1 + lambda * t / 2 * (1 + lambda * t / 3));
        double denom = b * e + lambda;
        return (d * e / denom, b * e / denom);
    }

    /// <summary>Cells after time t from n cells with per-cell birth rate b and death rate d.</summary>
    public static long Sample(ref RandomStream rng, long n, double b, double d, double t)
    {
        if (n <= 0) return 0;
        if (b <= 0 && d <= 0) return n;
        if (b <= 0) return Samplers.Binomial(ref rng, n, Math.Exp(-d * t));
        var (alpha, beta) = Coefficients(b, d, t);
        long lineages = Samplers.Binomial(ref rng, n, 1 - alpha);
        if (lineages == 0) return 0;
        if (beta <= 0) return lineages;
        return lineages + Samplers.NegativeBinomial(ref rng, lineages, 1 - beta);
    }

    /// <summary><see cref="Sample(ref RandomStream, long, double, double, double)"/> that also returns the expected number
    /// of divisions from the n cells (<see cref="ExpectedDivisions"/>), sharing its exponential.</summary>
    public static long Sample(ref RandomStream rng, long n, double b, double d, double t, out double divisions)
    {
        divisions = 0;
        if (n <= 0) return 0;
        if (b <= 0) return Sample(ref rng, n, b, d, t);
        double lambda = b - d;
        if (Math.Abs(lambda * t) < 1e-9)
        {
            divisions = n * b * t;
            return Sample(ref rng, n, b, d, t);
        }
        double e = Math.Exp(lambda * t) - 1;
        divisions = n * b * e / lambda;
        if (Math.Abs(lambda * t) < 1e-4) e = lambda * t * (1 + lambda * t / 2 * (1 + lambda * t / 3));
        double denom = b * e + lambda;
        double alpha = d * e / denom, beta = b * e / denom;
        long lineages = Samplers.Binomial(ref rng, n, 1 - alpha);
        if (lineages == 0) return 0;
        if (beta <= 0) return lineages;
        return lineages + Samplers.NegativeBinomial(ref rng, lineages, 1 - beta);
    }

    /// <summary>Expected number of divisions in t from n cells: n·b·(e^{λt} − 1)/λ.</summary>
    public static double ExpectedDivisions(long n, double b, double d, double t)
    {
        double lambda = b - d;
        if (Math.Abs(lambda * t) < 1e-9) return n * b * t;
        return n * b * (Math.Exp(lambda * t) - 1) / lambda;
    }
}
