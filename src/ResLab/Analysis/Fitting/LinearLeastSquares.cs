namespace ResLab.Analysis.Fitting;

/// <summary>A (weighted) linear least-squares fit: what R's <c>lm(y ~ X − 1, offset = o, weights = w)</c> reports.</summary>
public sealed class LinearFit
{
    public required double[] Coefficients { get; init; }

    /// <summary>(XᵀWX)⁻¹, row-major; multiply by <see cref="Sigma2"/> for the covariance of the estimates.</summary>
    public required double[]? UnscaledCovariance { get; init; }

    /// <summary>Σ wᵢ·rᵢ² (R's deviance(lm) for a weighted fit).</summary>
    public required double WeightedRss { get; init; }

    /// <summary>Σ rᵢ² without the weights.</summary>
    public required double Rss { get; init; }

    public required int DfResidual { get; init; }

    /// <summary>Residual variance Σ wᵢrᵢ²/df (R's sigma²).</summary>
    public double Sigma2 => DfResidual > 0 ? WeightedRss / DfResidual : double.NaN;
}

/// <summary>Weighted linear least squares by the equilibrated normal equations (p is a handful; X is well scaled).</summary>
public static class LinearLeastSquares
{
    /// <param name="x">Design, row-major n × p.</param>
    /// <param name="offset">Offset subtracted from y (empty: none).</param>
    /// <param name="weights">Prior weights (empty: all 1).</param>
    public static LinearFit Fit(ReadOnlySpan<double> x, int n, int p, ReadOnlySpan<double> y, ReadOnlySpan<double> offset, ReadOnlySpan<double> weights)
    {
        var a = new double[p * p];
        var b = new double[p];
        var nz = PoissonLogGlm.NonZeros(x, n, p);
        for (int i = 0; i < n; i++)
        {
            double w = weights.Length == 0 ? 1 : weights[i];
            double z = y[i] - (offset.Length == 0 ? 0 : offset[i]);
            var row = x.Slice(i * p, p);
            var cols = nz[i];
            for (int kj = 0; kj < cols.Length; kj++)
            {
                int j = cols[kj];
                double wj = w * row[j];
                b[j] += wj * z;
                for (int kk = 0; kk <= kj; kk++) a[j * p + cols[kk]] += wj * row[cols[kk]];
            }
        }
        var lower = (double[])a.Clone();
        if (!PoissonLogGlm.SolveNormal(a, b, p))
            return new LinearFit { Coefficients = b.Select(_ => double.NaN).ToArray(), UnscaledCovariance = null, WeightedRss = double.NaN, Rss = double.NaN, DfResidual = n - p };
        double wrss = 0, rss = 0;
        for (int i = 0; i < n; i++)
        {
            double f = offset.Length == 0 ? 0 : offset[i];
            var row = x.Slice(i * p, p);
            for (int j = 0; j < p; j++) f += row[j] * b[j];
            double r = y[i] - f;
            rss += r * r;
            wrss += (weights.Length == 0 ? 1 : weights[i]) * r * r;
        }
        return new LinearFit
        {
            Coefficients = b,
            UnscaledCovariance = PoissonLogGlm.InverseNormal(lower, p),
            WeightedRss = wrss,
            Rss = rss,
            DfResidual = n - p,
        };
    }
}
