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
    public static (double Alpha, double Beta) Coefficients(double b, double d, double t) => Coefficients(b, d, t, out _);

    /// <summary>α and β, and e^{λt} − 1 as the expected divisions use it (NaN when λt ≈ 0, where they are b·t per cell).</summary>
    private static (double Alpha, double Beta) Coefficients(double b, double d, double t, out double growth)
    {
        double lambda = b - d;
        if (Math.Abs(lambda * t) < 1e-9)
        {
            // b ≈ d: α = β = bt/(1 + bt) (first order in λ)
            growth = double.NaN;
            double bt = b * t;
            return (d * t / (1 + bt), bt / (1 + bt));
        }
        double e = Math.Exp(lambda * t) - 1; // expm1 accuracy is enough here: λt ≥ 1e-9
        growth = e;
        if (Math.Abs(lambda * t) < 1e-4) e = lambda * t * (1 + lambda * t / 2 * (1 + lambda * t / 3));
        double denom = b * e + lambda;
        return (d * e / denom, b * e / denom);
    }

    /// <summary>Cells after time t from n cells with per-cell birth rate b and death rate d.</summary>
    public static long Sample(ref RandomStream rng, long n, double b, double d, double t) => Sample(ref rng, n, b, d, t, out _);

    /// <summary>Cells after time t from n cells, and the expected number of divisions among them, n·b·(e^{λt} − 1)/λ
    /// (the mutant supply of the step), sharing the kernel's exponential.</summary>
    public static long Sample(ref RandomStream rng, long n, double b, double d, double t, out double divisions)
    {
        divisions = 0;
        if (n <= 0) return 0;
        if (b <= 0 && d <= 0) return n;
        if (b <= 0) return Samplers.Binomial(ref rng, n, Math.Exp(-d * t));
        var (alpha, beta) = Coefficients(b, d, t, out double growth);
        divisions = double.IsNaN(growth) ? n * b * t : n * b * growth / (b - d);
        long lineages = Samplers.Binomial(ref rng, n, 1 - alpha);
        if (lineages == 0) return 0;
        if (beta <= 0) return lineages;
        return lineages + Samplers.NegativeBinomial(ref rng, lineages, 1 - beta);
    }
}
