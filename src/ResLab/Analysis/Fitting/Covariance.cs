namespace ResLab.Analysis.Fitting;

/// <summary>How parameter covariances are estimated after a least-squares fit.</summary>
public enum CovarianceMethod
{
    /// <summary>R drc: vcov = 2·s²·H⁻¹ with H the Hessian of the RSS (observed information, keeps the residual × curvature term).</summary>
    RssHessian,

    /// <summary>nls / minpack.lm / scipy / Prism's asymptotic SEs: vcov = s²·(JᵀJ)⁻¹.</summary>
    GaussNewton,
}

/// <summary>Covariance matrices of least-squares estimates (row-major p × p).</summary>
public static class Covariance
{
    /// <summary>
    /// The Hessian of RSS(θ) = Σ r_i² by central differences of the analytic gradient ∇RSS = −2·Jᵀr, as drc obtains
    /// it from optim (drc differences a numerical gradient; differencing the analytic one is more accurate and
    /// agrees with it to ~1e-7). <paramref name="scale"/> gives each parameter's typical magnitude (the step is
    /// 1e-4 · max(|θ_k|, scale_k)).
    /// </summary>
    public static double[] RssHessian<TProblem>(ref TProblem problem, ReadOnlySpan<double> theta, ReadOnlySpan<double> scale)
        where TProblem : ILeastSquaresProblem
    {
        int n = problem.ObservationCount, p = problem.ParameterCount;
        var h = new double[p * p];
        var r = new double[n];
        var J = new double[n * p];
        var t = theta.ToArray();
        var gPlus = new double[p];
        var gMinus = new double[p];
        for (int k = 0; k < p; k++)
        {
            double step = 1e-4 * Math.Max(Math.Abs(theta[k]), scale.Length > k && scale[k] > 0 ? scale[k] : 1e-8);
            t[k] = theta[k] + step;
            Gradient(ref problem, t, r, J, gPlus);
            t[k] = theta[k] - step;
            Gradient(ref problem, t, r, J, gMinus);
            t[k] = theta[k];
            double width = 2 * step;
            for (int j = 0; j < p; j++) h[j * p + k] = (gPlus[j] - gMinus[j]) / width;
        }
        SmallMatrix.Symmetrise(h, p);
        return h;
    }

    /// <summary>∇RSS(θ) = −2·Jᵀr.</summary>
    public static void Gradient<TProblem>(ref TProblem problem, ReadOnlySpan<double> theta, double[] r, double[] J, Span<double> grad)
        where TProblem : ILeastSquaresProblem
    {
        int n = problem.ObservationCount, p = problem.ParameterCount;
        problem.Evaluate(theta, r, J);
        grad.Clear();
        for (int i = 0; i < n; i++)
            for (int k = 0; k < p; k++) grad[k] -= 2 * J[i * p + k] * r[i];
    }

    /// <summary>JᵀJ at θ.</summary>
    public static double[] GaussNewtonMatrix<TProblem>(ref TProblem problem, ReadOnlySpan<double> theta)
        where TProblem : ILeastSquaresProblem
    {
        int n = problem.ObservationCount, p = problem.ParameterCount;
        var r = new double[n];
        var J = new double[n * p];
        problem.Evaluate(theta, r, J);
        var a = new double[p * p];
        var g = new double[p];
        LevenbergMarquardt.NormalEquations(J, r, n, p, a, g);
        return a;
    }

    /// <summary>
    /// The covariance of the estimates, or null when the information matrix is singular (e.g. a parameter the
    /// data do not determine). s² = RSS/df.
    /// </summary>
    public static double[]? Estimate<TProblem>(ref TProblem problem, ReadOnlySpan<double> theta, double rss, int df,
        CovarianceMethod method, ReadOnlySpan<double> scale)
        where TProblem : ILeastSquaresProblem
    {
        int p = problem.ParameterCount;
        if (df <= 0) return null;
        double s2 = rss / df;
        double[]? inv;
        if (method == CovarianceMethod.RssHessian)
        {
            var h = RssHessian(ref problem, theta, scale);
            inv = SmallMatrix.InverseSymmetric(h, p);
            if (inv is null) return null;
            for (int i = 0; i < inv.Length; i++) inv[i] *= 2 * s2;
        }
        else
        {
            inv = SmallMatrix.InverseSymmetric(GaussNewtonMatrix(ref problem, theta), p);
            if (inv is null) return null;
            for (int i = 0; i < inv.Length; i++) inv[i] *= s2;
        }
        return inv;
    }
}
