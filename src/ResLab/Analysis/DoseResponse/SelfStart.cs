namespace ResLab.Analysis.DoseResponse;

/// <summary>
/// drc's self-starter for the log-logistic models (llogistic.ssf, method "1"): c and d just outside the response
/// range (findcd: min − 0.1 % and max + 0.1 % of the range), then b and e from the straight line
/// log((d − y)/(y − c)) = b·log x − b·log e over the positive doses (findbe1); f starts at 1.
/// Fixed parameters keep their fixed value. Returns the full natural vector (b, c, d, e, f).
/// </summary>
public static class SelfStart
{
    public static double[] Start(DoseResponseModel model, DoseResponseData data)
    {
        var y = data.Response;
        double lo = y.Min(), hi = y.Max();
        double pad = 0.001 * (hi - lo);
        var full = new double[5];
        full[LogLogistic.C] = model.Free[LogLogistic.C] ? lo - pad : model.FixedValues[LogLogistic.C];
        full[LogLogistic.D] = model.Free[LogLogistic.D] ? hi + pad : model.FixedValues[LogLogistic.D];
        full[LogLogistic.F] = model.Free[LogLogistic.F] ? 1 : model.FixedValues[LogLogistic.F];
        double c = full[LogLogistic.C], d = full[LogLogistic.D];

        // Least-squares line through (log x, log((d − y)/(y − c))) over the finite points with x > 0.
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int m = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (!(data.Dose[i] > 0)) continue;
            double r = Math.Log((d - y[i]) / (y[i] - c));
            if (!double.IsFinite(r)) continue;
            double lx = data.LogDose[i];
            sx += lx; sy += r; sxx += lx * lx; sxy += lx * r; m++;
        }
        double b = double.NaN, e = double.NaN;
        if (m >= 2)
        {
            double den = m * sxx - sx * sx;
            if (den > 0)
            {
                b = (m * sxy - sx * sy) / den;
                double intercept = (sy - b * sx) / m;
                e = Math.Exp(-intercept / b);
            }
        }
        if (!double.IsFinite(b) || b == 0 || !(e > 0) || !double.IsFinite(e))
        {
            // Degenerate line (flat or too few usable points): a unit slope in the direction of the trend, ED50 at
            // the geometric centre of the positive doses.
            var (minDose, maxDose) = data.PositiveRange();
            e = double.IsNaN(minDose) ? 1 : Math.Sqrt(minDose * maxDose);
            b = Trend(data) >= 0 ? -1 : 1;
        }
        full[LogLogistic.B] = model.Free[LogLogistic.B] ? b : model.FixedValues[LogLogistic.B];
        full[LogLogistic.E] = e;
        return full;
    }

    /// <summary>Sign of the covariance of log dose (0 → a decade below the lowest dose) and response.</summary>
    private static double Trend(DoseResponseData data)
    {
        var (minDose, _) = data.PositiveRange();
        double zero = double.IsNaN(minDose) ? 0 : Math.Log(minDose) - Math.Log(10);
        double mx = 0, my = 0;
        int n = data.Count;
        for (int i = 0; i < n; i++) { mx += data.Dose[i] > 0 ? data.LogDose[i] : zero; my += data.Response[i]; }
        mx /= n; my /= n;
        double s = 0;
        for (int i = 0; i < n; i++) s += ((data.Dose[i] > 0 ? data.LogDose[i] : zero) - mx) * (data.Response[i] - my);
        return s;
    }
}
