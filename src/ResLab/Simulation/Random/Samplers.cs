namespace ResLab.Simulation.Random;

/// <summary>
/// Exact samplers with O(1) expected cost whatever the size of the numbers (counts up to 10^12): binomial (inversion
/// for small means, BTPE of Kachitvichyanukul &amp; Schmeiser 1988 otherwise), Poisson (inversion, PTRS of Hörmann
/// 1993), gamma (Marsaglia &amp; Tsang 2000), negative binomial (gamma–Poisson mixture), hypergeometric (inversion,
/// HRUA of Stadlober 1989), multinomial and multivariate hypergeometric by conditioning. MathNet's binomial is O(n)
/// (38 draws/s at n = 10^6), hence these hand-written ones; their distributions are tested against MathNet's exact PMFs.
/// </summary>
public static class Samplers
{
    // ------------------------------------------------------------------ binomial

    /// <summary>Binomial(n, p) for n up to 2^53.</summary>
    public static long Binomial(ref RandomStream rng, long n, double p)
    {
        if (n <= 0 || p <= 0) return 0;
        if (p >= 1) return n;
        if (p > 0.5) return n - Binomial(ref rng, n, 1 - p);
        double np = n * p;
        return np < 30 ? BinomialInversion(ref rng, n, p) : Btpe(ref rng, n, p);
    }

    private static long BinomialInversion(ref RandomStream rng, long n, double p)
    {
        double q = 1 - p, s = p / q;
        double f0 = Math.Exp(n * LogFactorial.Log1p(-p));
        while (true)
        {
            double u = rng.NextDouble();
            double f = f0;
            long k = 0;
            while (u > f)
            {
                u -= f;
                k++;
                if (k > n) break;
                f *= s * (n - k + 1) / k;
                if (f < 1e-300 && k > n * p) break; // lost in the underflowing tail: draw again
            }
            if (k <= n && u <= f) return k;
        }
    }

    /// <summary>BTPE (triangle, parallelograms, exponential tails), p ≤ ½, n·p ≥ 30; final test with stable log-factorial differences.</summary>
    private static long Btpe(ref RandomStream rng, long n, double p)
    {
        double r = p, q = 1 - p;
        double fm = n * r + r;
        double m = Math.Floor(fm);
        double npq = n * r * q;
        double p1 = Math.Floor(2.195 * Math.Sqrt(npq) - 4.6 * q) + 0.5;
        double xm = m + 0.5;
        double xl = xm - p1, xr = xm + p1;
        double c = 0.134 + 20.5 / (15.3 + m);
        double a = (fm - xl) / (fm - xl * r);
        double laml = a * (1 + a / 2);
        a = (xr - fm) / (xr * q);
        double lamr = a * (1 + a / 2);
        double p2 = p1 * (1 + 2 * c);
        double p3 = p2 + c / laml;
        double p4 = p3 + c / lamr;
        double logRatio = double.NaN; // only the final test needs it: computed once, when first reached
        while (true)
        {
            double u = rng.NextDouble() * p4;
            double v = rng.NextOpenDouble();
            double y;
            if (u <= p1)
            {
                return (long)Math.Floor(xm - p1 * v + u);
            }
            if (u <= p2)
            {
                double x = xl + (u - p1) / c;
                v = v * c + 1 - Math.Abs(m - x + 0.5) / p1;
                if (v > 1 || v <= 0) continue;
                y = Math.Floor(x);
            }
            else if (u <= p3)
            {
                y = Math.Floor(xl + Math.Log(v) / laml);
                if (y < 0) continue;
                v *= (u - p2) * laml;
            }
            else
            {
                y = Math.Floor(xr - Math.Log(v) / lamr);
                if (y > n) continue;
                v *= (u - p3) * lamr;
            }
            // Accept when v ≤ f(y)/f(m). ln f(y)/f(m) = ln m! − ln y! + ln(n−m)! − ln(n−y)! + (y − m)·ln(p/q).
            double k = Math.Abs(y - m);
            double logV = Math.Log(v);
            if (k > 20 && k < npq / 2 - 1)
            {
                // squeeze (K&S step 5.2)
                double rho = k / npq * ((k * (k / 3 + 0.625) + 1.0 / 6) / npq + 0.5);
                double t = -k * k / (2 * npq);
                if (logV < t - rho) return (long)y;
                if (logV > t + rho) continue;
            }
            if (double.IsNaN(logRatio)) logRatio = Math.Log(r / q);
            double logF = LogFactorial.Difference(m, y) + LogFactorial.Difference(n - m, n - y) + (y - m) * logRatio;
            if (logV <= logF) return (long)y;
        }
    }

    // ------------------------------------------------------------------ Poisson

    /// <summary>Poisson(mu) for any mu ≥ 0 (mu up to ~10^15).</summary>
    public static long Poisson(ref RandomStream rng, double mu)
    {
        if (mu <= 0) return 0;
        return mu < 10 ? PoissonInversion(ref rng, mu) : Ptrs(ref rng, mu);
    }

    private static long PoissonInversion(ref RandomStream rng, double mu)
    {
        double p0 = Math.Exp(-mu);
        while (true)
        {
            double u = rng.NextDouble();
            double f = p0;
            long k = 0;
            while (u > f && k < 1000)
            {
                u -= f;
                k++;
                f *= mu / k;
            }
            if (u <= f) return k;
        }
    }

    /// <summary>PTRS: transformed rejection with squeeze (Hörmann 1993), mu ≥ 10.</summary>
    private static long Ptrs(ref RandomStream rng, double mu)
    {
        double slam = Math.Sqrt(mu);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        double logInvAlpha = Math.Log(invAlpha);
        while (true)
        {
            double u = rng.NextDouble() - 0.5;
            double v = rng.NextOpenDouble();
            double us = 0.5 - Math.Abs(u);
            double k = Math.Floor((2 * a / us + b) * u + mu + 0.43);
            if (us >= 0.07 && v <= vr) return (long)k;
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + logInvAlpha - Math.Log(a / (us * us) + b) <= LogFactorial.PoissonLogPmf(k, mu)) return (long)k;
        }
    }

    // ------------------------------------------------------------------ gamma, negative binomial

    /// <summary>Gamma(shape, scale 1) (Marsaglia &amp; Tsang 2000; shape &lt; 1 by the U^(1/shape) boost).</summary>
    public static double Gamma(ref RandomStream rng, double shape)
    {
        if (shape <= 0) return 0;
        if (shape < 1)
        {
            double g = Gamma(ref rng, shape + 1);
            return g * Math.Exp(Math.Log(rng.NextOpenDouble()) / shape);
        }
        double d = shape - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = rng.NextNormal(); v = 1 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = rng.NextOpenDouble();
            double x2 = x * x;
            if (u < 1 - 0.0331 * x2 * x2) return d * v;
            if (Math.Log(u) < 0.5 * x2 + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Failures before the r-th success, success probability p (negative binomial).</summary>
    public static long NegativeBinomial(ref RandomStream rng, long r, double p)
    {
        if (r <= 0 || p >= 1) return 0;
        if (p <= 0) throw new ArgumentOutOfRangeException(nameof(p), "success probability must be positive");
        if (r == 1) return Geometric(ref rng, p);
        double lambda = Gamma(ref rng, r) * (1 - p) / p;
        return Poisson(ref rng, lambda);
    }

    /// <summary>Failures before the first success, success probability p.</summary>
    public static long Geometric(ref RandomStream rng, double p)
    {
        if (p >= 1) return 0;
        return (long)Math.Floor(Math.Log(rng.NextOpenDouble()) / LogFactorial.Log1p(-p));
    }

    // ------------------------------------------------------------------ hypergeometric

    /// <summary>
    /// Number of marked items in a sample of <paramref name="sample"/> drawn without replacement from
    /// <paramref name="total"/> items of which <paramref name="marked"/> are marked.
    /// </summary>
    public static long Hypergeometric(ref RandomStream rng, long total, long marked, long sample)
    {
        if (marked < 0 || sample < 0 || marked > total || sample > total) throw new ArgumentOutOfRangeException(nameof(sample));
        if (marked == 0 || sample == 0) return 0;
        if (marked == total) return sample;
        if (sample == total) return marked;
        // Symmetries: draw the smaller side of each, then map back.
        long m = Math.Min(sample, total - sample);
        long good = Math.Min(marked, total - marked);
        long k;
        double mean = (double)m * good / total;
        k = mean < 20 ? HypergeometricInversion(ref rng, total, good, m) : Hrua(ref rng, total, good, m);
        if (good != marked) k = m - k;          // we counted unmarked items
        if (m != sample) k = marked - k;        // we counted the complement of the sample
        return k;
    }

    private static long HypergeometricInversion(ref RandomStream rng, long total, long good, long m)
    {
        long bad = total - good;
        // P(0) = C(bad, m)/C(total, m) = [bad!/(bad−m)!]/[total!/(total−m)!]
        double logP0 = LogFactorial.Difference(bad, bad - m) - LogFactorial.Difference(total, total - m);
        double p0 = Math.Exp(logP0);
        long kmax = Math.Min(good, m);
        while (true)
        {
            double u = rng.NextDouble();
            double f = p0;
            long k = 0;
            while (u > f && k < kmax)
            {
                u -= f;
                // P(k+1)/P(k) = (good − k)(m − k) / ((k + 1)(bad − m + k + 1))
                f *= (double)(good - k) * (m - k) / ((k + 1) * (double)(bad - m + k + 1));
                k++;
            }
            if (u <= f) return k;
        }
    }

    /// <summary>HRUA: ratio of uniforms with a table-free log-factorial (Stadlober 1989, 1990).</summary>
    private static long Hrua(ref RandomStream rng, long total, long good, long m)
    {
        const double d1 = 1.7155277699214135; // 2·sqrt(2/e)
        const double d2 = 0.8989161620588988; // 3 − 2·sqrt(3/e)
        long bad = total - good;
        double p = (double)good / total, q = (double)bad / total;
        double a = m * p + 0.5;
        double var = m * (double)(total - m) * p * q / (total - 1.0);
        double c = Math.Sqrt(var + 0.5);
        double h = d1 * c + d2;
        double mode = Math.Floor((m + 1.0) * (good + 1.0) / (total + 2.0));
        double b = Math.Min(Math.Min(m, good) + 1.0, Math.Floor(a + 16 * c));
        while (true)
        {
            double u = rng.NextOpenDouble();
            double v = rng.NextDouble();
            double x = a + h * (v - 0.5) / u;
            if (x < 0 || x >= b) continue;
            double k = Math.Floor(x);
            // T = ln f(k) − ln f(mode), f(k) ∝ 1/(k!(good−k)!(m−k)!(bad−m+k)!)
            double t = LogFactorial.Difference(mode, k) + LogFactorial.Difference(good - mode, good - k)
                     + LogFactorial.Difference(m - mode, m - k) + LogFactorial.Difference(bad - m + mode, bad - m + k);
            if (u * (4 - u) - 3 <= t) return (long)k;
            if (u * (u - t) >= 1) continue;
            if (2 * Math.Log(u) <= t) return (long)k;
        }
    }

    // ------------------------------------------------------------------ multivariate

    /// <summary>Multinomial(n, p) into <paramref name="result"/> by conditional binomials; p need not be normalised.</summary>
    public static void Multinomial(ref RandomStream rng, long n, ReadOnlySpan<double> p, Span<long> result)
    {
        double rest = 0;
        for (int i = 0; i < p.Length; i++) rest += p[i];
        long left = n;
        for (int i = 0; i < p.Length; i++)
        {
            if (left == 0 || rest <= 0) { result[i] = 0; continue; }
            if (i == p.Length - 1) { result[i] = left; break; }
            long k = Binomial(ref rng, left, Math.Min(1, p[i] / rest));
            result[i] = k;
            left -= k;
            rest -= p[i];
        }
    }

    /// <summary>
    /// Multivariate hypergeometric: a sample of <paramref name="sample"/> items without replacement from groups of
    /// the given sizes, by conditional hypergeometric draws (exact).
    /// </summary>
    public static void MultivariateHypergeometric(ref RandomStream rng, ReadOnlySpan<long> groups, long sample, Span<long> result)
    {
        long total = 0;
        foreach (var g in groups) total += g;
        if (sample > total) throw new ArgumentOutOfRangeException(nameof(sample));
        long left = sample;
        for (int i = 0; i < groups.Length; i++)
        {
            if (left == 0) { result[i] = 0; total -= groups[i]; continue; }
            long k = Hypergeometric(ref rng, total, groups[i], left);
            result[i] = k;
            left -= k;
            total -= groups[i];
        }
    }
}
