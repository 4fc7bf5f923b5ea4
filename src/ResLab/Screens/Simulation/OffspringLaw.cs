using ResLab.Simulation;
using ResLab.Simulation.Random;

namespace ResLab.Screens.Simulation;

/// <summary>
/// The number of descendants one cell leaves after a stretch of a screen (growth, death, passages, sampling), when
/// every cell's fate is independent given the environment: a linear birth–death process with time-varying rates
/// (Kendall 1948) composed with Bernoulli thinnings. Its law is zero-modified geometric — P(0) = α,
/// P(n) = (1 − α)(1 − β)β^(n−1) — whose generating function is fractional linear, a family closed under composition,
/// so the whole stretch is summarised by two numbers, the mean <see cref="Mean"/> and variance <see cref="Variance"/>
/// of one cell's descendants. From n cells the descendants are drawn exactly: surviving lineages ~ Binomial(n, 1 − α),
/// cells = lineages + NegativeBinomial(lineages, 1 − β), the engine's own birth–death kernel. This is what lets every
/// sgRNA of a phenotype class follow the class's engine-simulated fate with one draw per stretch instead of one per
/// time step.
/// </summary>
public readonly record struct OffspringLaw(double Mean, double Variance)
{
    /// <summary>Nothing happens: every cell is still there.</summary>
    public static OffspringLaw Identity => new(1, 0);

    /// <summary>Every cell is lost.</summary>
    public static OffspringLaw Extinction => new(0, 0);

    /// <summary>Each cell kept independently with probability <paramref name="keep"/> (a passage, a sample).</summary>
    public static OffspringLaw Thinning(double keep)
    {
        keep = Math.Clamp(keep, 0, 1);
        return new OffspringLaw(keep, keep * (1 - keep));
    }

    /// <summary>A linear birth–death process with per-cell rates <paramref name="birth"/> and <paramref name="death"/> (per h) over <paramref name="hours"/>.</summary>
    public static OffspringLaw BirthDeath(double birth, double death, double hours)
    {
        if (hours <= 0 || (birth <= 0 && death <= 0)) return Identity;
        if (birth <= 0)
        {
            double s = Math.Exp(-death * hours);
            return new OffspringLaw(s, s * (1 - s));
        }
        var (alpha, beta) = ResLab.Simulation.BirthDeath.Coefficients(birth, Math.Max(0, death), hours);
        return FromCoefficients(alpha, beta);
    }

    /// <summary>The law with P(0) = α and P(n) = (1 − α)(1 − β)β^(n−1).</summary>
    public static OffspringLaw FromCoefficients(double alpha, double beta)
    {
        double q = 1 - beta;
        double mean = (1 - alpha) / q;
        return new OffspringLaw(mean, (1 - alpha) * (alpha + beta) / (q * q));
    }

    /// <summary>This stretch, then <paramref name="next"/>: the descendants of each descendant (law of total variance).</summary>
    public OffspringLaw Then(OffspringLaw next) =>
        new(Mean * next.Mean, Variance * next.Mean * next.Mean + Mean * next.Variance);

    /// <summary>
    /// (α, β) of the law. A composition of birth–death stretches and thinnings always has V ≥ |m(m − 1)|; rounding can
    /// put it a hair below, so the pair is clamped to the family's bounds.
    /// </summary>
    public (double Alpha, double Beta) Coefficients()
    {
        double m = Mean;
        if (m <= 0) return (1, 0);
        double v = Math.Max(Variance, Math.Abs(m * (m - 1)));
        double q = Math.Min(1, 2 * m / (v + m * m + m));
        double survive = Math.Min(1, m * q);
        return (1 - survive, 1 - q);
    }

    /// <summary>Probability that one cell leaves no descendant.</summary>
    public double Extinct => Coefficients().Alpha;

    /// <summary>Draws the descendants of <paramref name="cells"/> cells.</summary>
    public long Sample(ref RandomStream rng, long cells)
    {
        if (cells <= 0 || Mean <= 0) return 0;
        var (alpha, beta) = Coefficients();
        long lineages = alpha <= 0 ? cells : Samplers.Binomial(ref rng, cells, 1 - alpha);
        if (lineages == 0 || beta <= 0) return lineages;
        return lineages + Samplers.NegativeBinomial(ref rng, lineages, 1 - beta);
    }
}
