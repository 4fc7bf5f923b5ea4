namespace ResLab.Analysis.DoseResponse;

/// <summary>
/// The five-parameter log-logistic function of drc (llogistic.R):
/// f(x) = c + (d − c) / (1 + exp(b·(ln x − ln e)))^f, with f(0) = d for b &gt; 0 and c for b &lt; 0.
/// Written with P = (1 + e^u)^(−f), u = b·(ln x − ln e), evaluated stably for any u (no overflow).
/// </summary>
public static class LogLogistic
{
    /// <summary>Index of each parameter in the full vector (b, c, d, e, f).</summary>
    public const int B = 0, C = 1, D = 2, E = 3, F = 4;

    /// <summary>f(x) for the full natural parameter vector (b, c, d, e, f), e &gt; 0.</summary>
    public static double Value(double x, ReadOnlySpan<double> full)
    {
        double b = full[B], c = full[C], d = full[D], e = full[E], f = full[F];
        if (x <= 0)
        {
            if (b > 0) return d;
            if (b < 0) return f > 0 ? c : d;
            return c + (d - c) * Math.Pow(2, -f);
        }
        double u = b * (Math.Log(x) - Math.Log(e));
        return c + (d - c) * P(u, f);
    }

    /// <summary>(1 + e^u)^(−f).</summary>
    public static double P(double u, double f)
    {
        if (f == 1)
        {
            double z = Math.Exp(-Math.Abs(u));
            return u >= 0 ? z / (1 + z) : 1 / (1 + z);
        }
        return Math.Exp(-f * Softplus(u));
    }

    /// <summary>ln(1 + e^u) without overflow.</summary>
    public static double Softplus(double u) => u > 0 ? u + Math.Log(1 + Math.Exp(-u)) : Math.Log(1 + Math.Exp(u));

    /// <summary>
    /// Value and partial derivatives at a dose with log-dose <paramref name="lx"/> (−∞ for dose 0), for the full
    /// natural vector, with e given as ln e. Derivatives are w.r.t. (b, c, d, ln e, f).
    /// </summary>
    public static double ValueAndGradient(double lx, double b, double c, double d, double lnE, double f,
        out double db, out double dc, out double dd, out double dlnE, out double df)
    {
        if (double.IsNegativeInfinity(lx))
        {
            // Dose 0: the curve sits on its left asymptote.
            db = 0; dlnE = 0; df = 0;
            if (b > 0 || (b < 0 && !(f > 0)) ) { dc = 0; dd = 1; return d; }
            if (b < 0) { dc = 1; dd = 0; return c; }
            double p0 = Math.Pow(2, -f);
            dc = 1 - p0; dd = p0; df = -(d - c) * Math.Log(2) * p0;
            return c + (d - c) * p0;
        }
        double diff = lx - lnE;
        double u = b * diff;
        double z = Math.Exp(-Math.Abs(u));
        double sigma = u >= 0 ? 1 / (1 + z) : z / (1 + z);        // e^u / (1 + e^u)
        double p, lnB;
        if (f == 1)
        {
            p = u >= 0 ? z / (1 + z) : 1 / (1 + z);
            lnB = (u > 0 ? u : 0) + Math.Log(1 + z);
        }
        else
        {
            lnB = (u > 0 ? u : 0) + Math.Log(1 + z);
            p = Math.Exp(-f * lnB);
        }
        double dcRange = d - c;
        double dPdu = -f * sigma * p;
        db = dcRange * dPdu * diff;
        dlnE = -dcRange * dPdu * b;
        dc = 1 - p;
        dd = p;
        df = -dcRange * lnB * p;
        return c + dcRange * p;
    }

    /// <summary>
    /// drc's relative EDp (edfct in llogistic.R): the dose reducing the response p % of the way from d to c,
    /// e·((100/(100 − p))^(1/f) − 1)^(1/b); for an increasing curve (b &lt; 0) p is replaced by 100 − p as drc does.
    /// Gradient w.r.t. (b, ln e, f) in <paramref name="grad"/>.
    /// </summary>
    public static double RelativeEd(double p, double b, double lnE, double f, Span<double> grad)
    {
        if (b < 0) p = 100 - p;
        double L = -Math.Log((100 - p) / 100);
        double expo = Math.Exp(L / f);
        double q = expo - 1;
        double lnQ = Math.Log(q);
        double ed = Math.Exp(lnE + lnQ / b);
        if (grad.Length >= 3)
        {
            grad[0] = -ed * lnQ / (b * b);                  // ∂/∂b
            grad[1] = ed;                                   // ∂/∂ln e
            double dq = expo * (-L / (f * f));
            grad[2] = ed / b * dq / q;                      // ∂/∂f
        }
        return ed;
    }

    /// <summary>The dose at which the curve equals <paramref name="level"/>; NaN when the curve never reaches it.</summary>
    public static double DoseAtResponse(double level, ReadOnlySpan<double> full)
    {
        double b = full[B], c = full[C], d = full[D], e = full[E], f = full[F];
        double pr = (level - c) / (d - c);
        if (!(pr > 0 && pr < 1) || b == 0) return double.NaN;
        // pr = (1 + t)^(−f) → t = pr^(−1/f) − 1, t = (x/e)^b.
        double t = Math.Exp(-Math.Log(pr) / f) - 1;
        if (!(t > 0)) return double.NaN;
        return e * Math.Exp(Math.Log(t) / b);
    }
}
