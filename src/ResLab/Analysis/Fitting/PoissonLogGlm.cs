namespace ResLab.Analysis.Fitting;

/// <summary>
/// The result of a Poisson / quasi-Poisson log-link GLM fit: coefficients, the unscaled covariance (XᵀWX)⁻¹, the
/// deviance and Pearson χ² at the fitted means. Multiply the unscaled covariance by <see cref="Dispersion"/> for
/// R's quasipoisson standard errors (summary.glm), or by 1 for Poisson's.
/// </summary>
public sealed class GlmFit
{
    public required double[] Coefficients { get; init; }

    /// <summary>(XᵀWX)⁻¹ at the fitted means, row-major p × p; null when XᵀWX is singular.</summary>
    public required double[]? UnscaledCovariance { get; init; }

    public required double[] Fitted { get; init; }
    public required double Deviance { get; init; }
    public required double PearsonChiSquare { get; init; }
    public required int DfResidual { get; init; }
    public required int Iterations { get; init; }
    public required bool Converged { get; init; }

    public int ParameterCount => Coefficients.Length;

    /// <summary>The quasi-likelihood dispersion, Pearson χ²/df (R's quasipoisson default).</summary>
    public double Dispersion => DfResidual > 0 ? PearsonChiSquare / DfResidual : double.NaN;

    /// <summary>Dispersion-scaled covariance (quasipoisson), row-major.</summary>
    public double[]? Covariance(double dispersion) => UnscaledCovariance?.Select(v => v * dispersion).ToArray();
}

/// <summary>
/// Iteratively reweighted least squares for a Poisson GLM with log link and an offset — what R's
/// <c>glm(y ~ X − 1, offset = o, family = quasipoisson(link = "log"))</c> computes. Written by hand (on the
/// allocation-free <see cref="SmallMatrix"/> Cholesky) because it is the core of the clonogenic LQ analysis and must
/// agree with CFAssay to 1e-6: it iterates exactly as R's <c>glm.fit</c> does — start μ = y + 0.1, η = log μ,
/// working response z = η − offset + (y − μ)/μ and weights μ, stop when |dev − dev_old|/(|dev| + 0.1) &lt; 1e-8 (at
/// most 25 iterations) — and, as <c>summary.glm</c>, takes the unscaled covariance and the Pearson dispersion
/// Σ w·r²/df from the working weights w of that last iteration (computed from the μ before its update) and the
/// working residuals r = (y − μ)/μ at the final μ. With a tighter stopping rule the estimates would move by ~1e-9,
/// but the dispersion and SEs by up to ~1e-5, beyond the agreement the analysis promises.
/// </summary>
public static class PoissonLogGlm
{
    /// <param name="x">Design matrix, row-major n × p.</param>
    /// <param name="y">Counts (≥ 0; need not be integers).</param>
    /// <param name="offset">Offset on the linear-predictor scale (e.g. log cells seeded); empty for none.</param>
    public static GlmFit Fit(ReadOnlySpan<double> x, int n, int p, ReadOnlySpan<double> y, ReadOnlySpan<double> offset, int maxIterations = 25, double epsilon = 1e-8)
    {
        if (x.Length != n * p || y.Length != n || (offset.Length != 0 && offset.Length != n))
            throw new ArgumentException("design, response and offset sizes disagree");
        var eta = new double[n];
        var mu = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!(y[i] >= 0) || double.IsInfinity(y[i])) throw new ArgumentException($"count {i + 1} is {y[i]}; counts must be finite and ≥ 0");
            mu[i] = y[i] + 0.1; // R's poisson()$initialize
            eta[i] = Math.Log(mu[i]);
        }
        var beta = new double[p];
        var xtwx = new double[p * p];
        var lastXtwx = new double[p * p];
        var rhs = new double[p];
        var scale = new double[p];
        double dev = Deviance(y, mu), devOld = dev;
        bool converged = false;
        int it = 0;
        while (it < maxIterations)
        {
            it++;
            Array.Clear(xtwx);
            Array.Clear(rhs);
            for (int i = 0; i < n; i++)
            {
                double m = Math.Max(mu[i], 2.220446049250313e-16); // R's mu.eta: pmax(exp(eta), .Machine$double.eps)
                w[i] = m * m / mu[i];
                double z = eta[i] - (offset.Length == 0 ? 0 : offset[i]) + (y[i] - mu[i]) / m;
                var row = x.Slice(i * p, p);
                for (int a = 0; a < p; a++)
                {
                    double wa = w[i] * row[a];
                    if (wa == 0) continue;
                    rhs[a] += wa * z;
                    for (int b = 0; b <= a; b++) xtwx[a * p + b] += wa * row[b];
                }
            }
            Array.Copy(xtwx, lastXtwx, xtwx.Length);
            if (!SolveScaled(xtwx, rhs, scale, p)) return Singular(beta, mu, n, p, it);
            rhs.CopyTo(beta, 0);
            for (int i = 0; i < n; i++)
            {
                double e = offset.Length == 0 ? 0 : offset[i];
                var row = x.Slice(i * p, p);
                for (int a = 0; a < p; a++) e += row[a] * beta[a];
                eta[i] = e;
                mu[i] = Math.Exp(e);
            }
            dev = Deviance(y, mu);
            if (!double.IsFinite(dev)) break;
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < epsilon)
            {
                converged = true;
                break;
            }
            devOld = dev;
        }
        var unscaled = InverseScaled(lastXtwx, p);
        double pearson = 0;
        for (int i = 0; i < n; i++)
        {
            double r = (y[i] - mu[i]) / Math.Max(mu[i], 2.220446049250313e-16);
            pearson += w[i] * r * r;
        }
        return new GlmFit
        {
            Coefficients = beta,
            UnscaledCovariance = unscaled,
            Fitted = mu,
            Deviance = dev,
            PearsonChiSquare = pearson,
            DfResidual = n - p,
            Iterations = it,
            Converged = converged && unscaled is not null,
        };
    }

    /// <summary>The Poisson deviance 2·Σ[y·log(y/μ) − (y − μ)].</summary>
    public static double Deviance(ReadOnlySpan<double> y, ReadOnlySpan<double> mu)
    {
        double d = 0;
        for (int i = 0; i < y.Length; i++)
            d += y[i] > 0 ? y[i] * Math.Log(y[i] / mu[i]) - (y[i] - mu[i]) : mu[i];
        return 2 * d;
    }

    private static GlmFit Singular(double[] beta, double[] mu, int n, int p, int it) => new()
    {
        Coefficients = beta.Select(_ => double.NaN).ToArray(),
        UnscaledCovariance = null,
        Fitted = mu,
        Deviance = double.NaN,
        PearsonChiSquare = double.NaN,
        DfResidual = n - p,
        Iterations = it,
        Converged = false,
    };

    /// <summary>
    /// Solves the symmetric system (lower triangle of <paramref name="a"/> filled) in place into <paramref name="b"/>,
    /// equilibrating by the diagonal first so that columns on very different scales (experiment indicators, dose,
    /// dose²) keep the Cholesky factor accurate.
    /// </summary>
    internal static bool SolveScaled(double[] a, double[] b, double[] scale, int p)
    {
        for (int i = 0; i < p; i++)
        {
            double d = a[i * p + i];
            if (!(d > 0)) return false;
            scale[i] = 1 / Math.Sqrt(d);
        }
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j <= i; j++) a[i * p + j] *= scale[i] * scale[j];
            b[i] *= scale[i];
        }
        if (!SmallMatrix.Cholesky(a, p)) return false;
        SmallMatrix.CholeskySolve(a, p, b);
        for (int i = 0; i < p; i++) b[i] *= scale[i];
        return true;
    }

    /// <summary>Inverse of a symmetric positive-definite matrix given by its lower triangle, with equilibration.</summary>
    internal static double[]? InverseScaled(double[] lower, int p)
    {
        var full = new double[p * p];
        var s = new double[p];
        for (int i = 0; i < p; i++)
        {
            double d = lower[i * p + i];
            if (!(d > 0)) return null;
            s[i] = 1 / Math.Sqrt(d);
        }
        for (int i = 0; i < p; i++)
            for (int j = 0; j <= i; j++)
            {
                double v = lower[i * p + j] * s[i] * s[j];
                full[i * p + j] = v;
                full[j * p + i] = v;
            }
        var inv = SmallMatrix.InverseSymmetric(full, p);
        if (inv is null) return null;
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) inv[i * p + j] *= s[i] * s[j];
        return inv;
    }
}
