namespace ResLab.Analysis.Fitting;

/// <summary>
/// What <see cref="OptimBfgs"/> returned: the parameters, the objective there, R's <c>counts</c> (objective calls
/// outside gradients, gradient evaluations), and the error R would have raised (null when none).
/// </summary>
public sealed record OptimResult(double[] Parameters, double Value, int FunctionCount, int GradientCount, bool ReachedMaxIterations, string? Error)
{
    /// <summary>True when R's optim would have returned normally (no error).</summary>
    public bool Ok => Error is null;
}

/// <summary>
/// A port of R's <c>optim(method = "BFGS")</c> without a gradient function: Nash's variable-metric method
/// (<c>vmmin</c> in R's src/appl/optim.c) on the parameters divided by <c>parscale</c>, with central-difference
/// gradients of step <c>ndeps</c> = 1e-3 in those units (<c>fmingr</c>), and optionally the finite-difference Hessian
/// that <c>optim(hessian = TRUE)</c> computes afterwards (<c>optimhess</c>), whose only use here is to reproduce R's
/// error when it is not finite. Written by hand, step for step, because drc (and so SynergyFinder) stops wherever
/// this path stops — on flat or ill-posed curves that is far from the least-squares optimum, and only the same path
/// gives the same numbers. The objective is called exactly where and as often as R calls it.
/// </summary>
public static class OptimBfgs
{
    private const double StepReduction = 0.2, AcceptTolerance = 0.0001, RelTest = 10.0;

    /// <param name="fn">The objective; NaN or ±∞ are allowed (rejected by the line search, an error in a gradient).</param>
    /// <param name="start">Starting values (R's <c>par</c>).</param>
    /// <param name="parscale">R's <c>control$parscale</c>.</param>
    public static OptimResult Minimise(Func<double[], double> fn, double[] start, double[] parscale, int maxIterations = 100, double relTol = 1.490116119384765625e-8,
        double absTol = double.NegativeInfinity, double ndeps = 1e-3, bool hessian = false)
    {
        int n = start.Length;
        var x = new double[n];
        int fnCount = 0;
        double F(double[] p)
        {
            for (int i = 0; i < n; i++)
            {
                if (!double.IsFinite(p[i])) throw new NonFiniteParameter();
                x[i] = p[i] * parscale[i];
            }
            fnCount++;
            return fn(x);
        }
        string? Gradient(double[] p, double[] df)
        {
            for (int i = 0; i < n; i++) x[i] = p[i] * parscale[i];
            for (int i = 0; i < n; i++)
            {
                x[i] = (p[i] + ndeps) * parscale[i];
                double v1 = fn(x);
                x[i] = (p[i] - ndeps) * parscale[i];
                double v2 = fn(x);
                df[i] = (v1 - v2) / (2 * ndeps);
                if (!double.IsFinite(df[i])) return $"non-finite finite-difference value [{i + 1}]";
                x[i] = p[i] * parscale[i];
            }
            return null;
        }

        var b = new double[n];
        for (int i = 0; i < n; i++) b[i] = start[i] / parscale[i];
        try
        {
            return Run(F, Gradient, b, parscale, n, maxIterations, relTol, absTol, ndeps, hessian, () => fnCount);
        }
        catch (NonFiniteParameter)
        {
            return Fail(b, parscale, double.NaN, fnCount, 0, "non-finite value supplied by optim");
        }
    }

    private sealed class NonFiniteParameter : Exception;

    private static OptimResult Run(Func<double[], double> F, Func<double[], double[], string?> Gradient, double[] b, double[] parscale, int n, int maxIterations,
        double relTol, double absTol, double ndeps, bool hessian, Func<int> fnCount)
    {
        var g = new double[n];
        var t = new double[n];
        var X = new double[n];
        var c = new double[n];
        var B = new double[n, n];
        double f = F(b);
        if (!double.IsFinite(f)) return Fail(b, parscale, f, fnCount(), 0, "initial value in 'vmmin' is not finite");
        double fmin = f;
        int gradCount = 1, iter = 0;
        var err = Gradient(b, g);
        if (err is not null) return Fail(b, parscale, f, fnCount(), gradCount, err);
        iter++;
        int ilast = gradCount, count;
        do
        {
            if (ilast == gradCount)
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < i; j++) B[i, j] = 0;
                    B[i, i] = 1;
                }
            for (int i = 0; i < n; i++) { X[i] = b[i]; c[i] = g[i]; }
            double gradproj = 0;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j <= i; j++) s -= B[i, j] * g[j];
                for (int j = i + 1; j < n; j++) s -= B[j, i] * g[j];
                t[i] = s;
                gradproj += s * g[i];
            }
            if (gradproj < 0)
            {
                double steplength = 1;
                bool accpoint = false;
                do
                {
                    count = 0;
                    for (int i = 0; i < n; i++)
                    {
                        b[i] = X[i] + steplength * t[i];
                        if (RelTest + X[i] == RelTest + b[i]) count++;
                    }
                    if (count < n)
                    {
                        f = F(b);
                        accpoint = double.IsFinite(f) && f <= fmin + gradproj * steplength * AcceptTolerance;
                        if (!accpoint) steplength *= StepReduction;
                    }
                } while (!(count == n || accpoint));
                bool enough = f > absTol && Math.Abs(f - fmin) > relTol * (Math.Abs(fmin) + relTol);
                if (!enough)
                {
                    count = n;
                    fmin = f;
                }
                if (count < n)
                {
                    fmin = f;
                    err = Gradient(b, g);
                    if (err is not null) return Fail(b, parscale, fmin, fnCount(), gradCount, err);
                    gradCount++;
                    iter++;
                    double d1 = 0;
                    for (int i = 0; i < n; i++)
                    {
                        t[i] = steplength * t[i];
                        c[i] = g[i] - c[i];
                        d1 += t[i] * c[i];
                    }
                    if (d1 > 0)
                    {
                        double d2 = 0;
                        for (int i = 0; i < n; i++)
                        {
                            double s = 0;
                            for (int j = 0; j <= i; j++) s += B[i, j] * c[j];
                            for (int j = i + 1; j < n; j++) s += B[j, i] * c[j];
                            X[i] = s;
                            d2 += s * c[i];
                        }
                        d2 = 1.0 + d2 / d1;
                        for (int i = 0; i < n; i++)
                            for (int j = 0; j <= i; j++)
                                B[i, j] += (d2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / d1;
                    }
                    else ilast = gradCount;
                }
                else if (ilast < gradCount)
                {
                    count = 0;
                    ilast = gradCount;
                }
            }
            else
            {
                count = 0;
                if (ilast == gradCount) count = n;
                else ilast = gradCount;
            }
            if (iter >= maxIterations) break;
            if (gradCount - ilast > 2 * n) ilast = gradCount;
        } while (count != n || ilast != gradCount);

        var par = new double[n];
        for (int i = 0; i < n; i++) par[i] = b[i] * parscale[i];
        string? hessError = null;
        if (hessian)
        {
            // optimhess: gradients at par/parscale ± ndeps/parscale, each by fmingr (an error if not finite).
            var dpar = new double[n];
            for (int i = 0; i < n; i++) dpar[i] = par[i] / parscale[i];
            var df = new double[n];
            for (int i = 0; i < n && hessError is null; i++)
            {
                double eps = ndeps / parscale[i];
                dpar[i] += eps;
                hessError = Gradient(dpar, df);
                if (hessError is not null) break;
                dpar[i] -= 2 * eps;
                hessError = Gradient(dpar, df);
                dpar[i] += eps;
            }
        }
        return new OptimResult(par, fmin, fnCount(), gradCount, iter >= maxIterations, hessError);
    }

    private static OptimResult Fail(double[] b, double[] parscale, double value, int fn, int gr, string error) =>
        new(b.Select((v, i) => v * parscale[i]).ToArray(), value, fn, gr, false, error);
}
