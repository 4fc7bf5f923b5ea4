namespace ResLab.Analysis.Fitting;

/// <summary>
/// Dense linear algebra for the tiny symmetric systems of curve fitting (p ≤ a few dozen), on spans, without
/// allocation. Row-major p × p storage.
/// </summary>
public static class SmallMatrix
{
    /// <summary>In-place Cholesky factorisation A = L·Lᵀ (lower triangle overwritten). False if A is not positive definite.</summary>
    public static bool Cholesky(Span<double> a, int p)
    {
        for (int j = 0; j < p; j++)
        {
            double s = a[j * p + j];
            for (int k = 0; k < j; k++) s -= a[j * p + k] * a[j * p + k];
            if (!(s > 0) || double.IsInfinity(s)) return false;
            double l = Math.Sqrt(s);
            a[j * p + j] = l;
            for (int i = j + 1; i < p; i++)
            {
                double t = a[i * p + j];
                for (int k = 0; k < j; k++) t -= a[i * p + k] * a[j * p + k];
                a[i * p + j] = t / l;
            }
        }
        return true;
    }

    /// <summary>Solves L·Lᵀ x = b in place (b becomes x) with the factor from <see cref="Cholesky"/>.</summary>
    public static void CholeskySolve(ReadOnlySpan<double> l, int p, Span<double> b)
    {
        for (int i = 0; i < p; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * p + k] * b[k];
            b[i] = s / l[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < p; k++) s -= l[k * p + i] * b[k];
            b[i] = s / l[i * p + i];
        }
    }

    /// <summary>
    /// Inverse of a symmetric positive-definite matrix (a new array), or null when it is singular or indefinite.
    /// A symmetric indefinite but non-singular matrix is inverted by Gauss–Jordan with partial pivoting instead,
    /// as R's solve() would, so that a saddle point still yields (meaningless but reported) numbers.
    /// </summary>
    public static double[]? InverseSymmetric(ReadOnlySpan<double> a, int p)
    {
        var l = a.ToArray();
        if (Cholesky(l, p))
        {
            var inv = new double[p * p];
            Span<double> col = p <= 64 ? stackalloc double[p] : new double[p];
            for (int j = 0; j < p; j++)
            {
                col.Clear();
                col[j] = 1;
                CholeskySolve(l, p, col);
                for (int i = 0; i < p; i++) inv[i * p + j] = col[i];
            }
            Symmetrise(inv, p);
            return inv;
        }
        return InverseGeneral(a, p);
    }

    /// <summary>Gauss–Jordan inverse with partial pivoting; null when singular (relative pivot below 1e-13).</summary>
    public static double[]? InverseGeneral(ReadOnlySpan<double> a, int p)
    {
        var m = a.ToArray();
        var inv = new double[p * p];
        for (int i = 0; i < p; i++) inv[i * p + i] = 1;
        double scale = 0;
        for (int i = 0; i < p * p; i++) scale = Math.Max(scale, Math.Abs(m[i]));
        if (!(scale > 0) || double.IsNaN(scale) || double.IsInfinity(scale)) return null;
        for (int c = 0; c < p; c++)
        {
            int piv = c;
            for (int r = c + 1; r < p; r++) if (Math.Abs(m[r * p + c]) > Math.Abs(m[piv * p + c])) piv = r;
            if (Math.Abs(m[piv * p + c]) <= 1e-13 * scale) return null;
            if (piv != c)
                for (int k = 0; k < p; k++)
                {
                    (m[c * p + k], m[piv * p + k]) = (m[piv * p + k], m[c * p + k]);
                    (inv[c * p + k], inv[piv * p + k]) = (inv[piv * p + k], inv[c * p + k]);
                }
            double d = m[c * p + c];
            for (int k = 0; k < p; k++) { m[c * p + k] /= d; inv[c * p + k] /= d; }
            for (int r = 0; r < p; r++)
            {
                if (r == c) continue;
                double f = m[r * p + c];
                if (f == 0) continue;
                for (int k = 0; k < p; k++) { m[r * p + k] -= f * m[c * p + k]; inv[r * p + k] -= f * inv[c * p + k]; }
            }
        }
        return inv;
    }

    public static void Symmetrise(Span<double> a, int p)
    {
        for (int i = 0; i < p; i++)
            for (int j = 0; j < i; j++)
            {
                double v = 0.5 * (a[i * p + j] + a[j * p + i]);
                a[i * p + j] = v;
                a[j * p + i] = v;
            }
    }

    /// <summary>xᵀ·A·y for a row-major p × p matrix.</summary>
    public static double QuadraticForm(ReadOnlySpan<double> a, int p, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double s = 0;
        for (int i = 0; i < p; i++)
        {
            double t = 0;
            for (int j = 0; j < p; j++) t += a[i * p + j] * y[j];
            s += x[i] * t;
        }
        return s;
    }
}
