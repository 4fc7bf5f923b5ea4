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
        // Designs with one indicator per experiment are mostly zeros: keep each row's non-zero columns.
        var nz = NonZeros(x, n, p);
        var beta = new double[p];
        var xtwx = new double[p * p];
        var lastXtwx = new double[p * p];
        var rhs = new double[p];
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
                var cols = nz[i];
                for (int ka = 0; ka < cols.Length; ka++)
                {
                    int a = cols[ka];
                    double wa = w[i] * row[a];
                    rhs[a] += wa * z;
                    for (int kb = 0; kb <= ka; kb++) xtwx[a * p + cols[kb]] += wa * row[cols[kb]];
                }
            }
            Array.Copy(xtwx, lastXtwx, xtwx.Length);
            if (!SolveNormal(xtwx, rhs, p)) return Singular(beta, mu, n, p, it);
            rhs.CopyTo(beta, 0);
            for (int i = 0; i < n; i++)
            {
                double e = offset.Length == 0 ? 0 : offset[i];
                var row = x.Slice(i * p, p);
                foreach (int a in nz[i]) e += row[a] * beta[a];
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
        var unscaled = InverseNormal(lastXtwx, p);
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

    /// <summary>The indices of the non-zero entries of each row, increasing.</summary>
    internal static int[][] NonZeros(ReadOnlySpan<double> x, int n, int p)
    {
        var nz = new int[n][];
        var buf = new List<int>(p);
        for (int i = 0; i < n; i++)
        {
            buf.Clear();
            for (int a = 0; a < p; a++) if (x[i * p + a] != 0) buf.Add(a);
            nz[i] = buf.ToArray();
        }
        return nz;
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
    /// Solves the normal equations (lower triangle of <paramref name="a"/> filled) into <paramref name="b"/>. When the
    /// leading columns are mutually orthogonal — one intercept per experiment, so XᵀWX starts with a diagonal block D —
    /// it eliminates them by the Schur complement S − BᵀD⁻¹B (O(m·k²) instead of O(p³)): the joint fit of a hundred
    /// curves with four experiments each then costs milliseconds, not seconds.
    /// </summary>
    internal static bool SolveNormal(double[] a, double[] b, int p)
    {
        int m = DiagonalPrefix(a, p);
        if (m < 2) return SolveScaled(a, b, new double[p], p);
        int k = p - m;
        var sc = new double[k * k];
        var rs = new double[k];
        for (int c = 0; c < k; c++)
        {
            rs[c] = b[m + c];
            for (int d = 0; d <= c; d++) sc[c * k + d] = a[(m + c) * p + m + d];
        }
        for (int i = 0; i < m; i++)
        {
            double di = a[i * p + i];
            if (!(di > 0)) return false;
            for (int c = 0; c < k; c++)
            {
                double bic = a[(m + c) * p + i];
                if (bic == 0) continue;
                rs[c] -= bic * b[i] / di;
                for (int d = 0; d <= c; d++) sc[c * k + d] -= bic * a[(m + d) * p + i] / di;
            }
        }
        if (k > 0 && !SolveScaled(sc, rs, new double[k], k)) return false;
        for (int i = 0; i < m; i++)
        {
            double r = b[i];
            for (int c = 0; c < k; c++) r -= a[(m + c) * p + i] * rs[c];
            b[i] = r / a[i * p + i];
        }
        for (int c = 0; c < k; c++) b[m + c] = rs[c];
        return true;
    }

    /// <summary>The inverse of the normal-equations matrix (lower triangle given), by the same block elimination as <see cref="SolveNormal"/>.</summary>
    internal static double[]? InverseNormal(double[] lower, int p)
    {
        int m = DiagonalPrefix(lower, p);
        if (m < 2) return InverseScaled(lower, p);
        int k = p - m;
        var sc = new double[k * k];
        for (int c = 0; c < k; c++)
            for (int d = 0; d <= c; d++) sc[c * k + d] = lower[(m + c) * p + m + d];
        var g = new double[m * k]; // D⁻¹B
        for (int i = 0; i < m; i++)
        {
            double di = lower[i * p + i];
            if (!(di > 0)) return null;
            for (int c = 0; c < k; c++) g[i * k + c] = lower[(m + c) * p + i] / di;
            for (int c = 0; c < k; c++)
            {
                double bic = lower[(m + c) * p + i];
                if (bic == 0) continue;
                for (int d = 0; d <= c; d++) sc[c * k + d] -= bic * g[i * k + d];
            }
        }
        var v = k > 0 ? InverseScaled(sc, k) : [];
        if (v is null) return null;
        var h = new double[m * k]; // D⁻¹B·V
        for (int i = 0; i < m; i++)
            for (int c = 0; c < k; c++)
            {
                double t = 0;
                for (int d = 0; d < k; d++) t += g[i * k + d] * v[d * k + c];
                h[i * k + c] = t;
            }
        var inv = new double[p * p];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double t = i == j ? 1 / lower[i * p + i] : 0;
                for (int c = 0; c < k; c++) t += h[i * k + c] * g[j * k + c];
                inv[i * p + j] = inv[j * p + i] = t;
            }
            for (int c = 0; c < k; c++) inv[i * p + m + c] = inv[(m + c) * p + i] = -h[i * k + c];
        }
        for (int c = 0; c < k; c++)
            for (int d = 0; d < k; d++) inv[(m + c) * p + m + d] = v[c * k + d];
        return inv;
    }

    /// <summary>The number of leading columns whose block of the (lower-triangular) matrix is diagonal.</summary>
    private static int DiagonalPrefix(double[] lower, int p)
    {
        for (int i = 0; i < p; i++)
            for (int j = 0; j < i; j++)
                if (lower[i * p + j] != 0) return i;
        return p;
    }

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
