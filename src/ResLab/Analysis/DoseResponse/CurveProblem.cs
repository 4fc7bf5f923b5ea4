using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.DoseResponse;

/// <summary>
/// One dose–response curve as a least-squares problem over the model's free parameters. The e parameter is
/// carried as ln e when <see cref="LogE"/> is set (the solver always uses it: the curve is far more linear in
/// ln e, and e stays positive) and as e otherwise (drc's LL.x parameterisation, for its covariance).
/// </summary>
internal struct CurveProblem : ILeastSquaresProblem
{
    public readonly double[] LogX;
    public readonly double[] Y;
    public readonly DoseResponseModel Model;
    public bool LogE;

    public CurveProblem(double[] logX, double[] y, DoseResponseModel model, bool logE)
    {
        LogX = logX;
        Y = y;
        Model = model;
        LogE = logE;
    }

    public readonly int ParameterCount => Model.FreeCount;
    public readonly int ObservationCount => Y.Length;

    public readonly double Evaluate(ReadOnlySpan<double> theta, Span<double> residuals, Span<double> jacobian)
    {
        var fixedValues = Model.FixedValues;
        var slot = Model.FreeSlots;
        double b = fixedValues[0], c = fixedValues[1], d = fixedValues[2], lnE = Math.Log(fixedValues[3]), f = fixedValues[4];
        int p = slot.Length;
        double eScale = 1;
        for (int k = 0; k < p; k++)
        {
            double v = theta[k];
            switch (slot[k])
            {
                case LogLogistic.B: b = v; break;
                case LogLogistic.C: c = v; break;
                case LogLogistic.D: d = v; break;
                case LogLogistic.E:
                    if (LogE) lnE = v;
                    else
                    {
                        if (!(v > 0)) return double.NaN;
                        lnE = Math.Log(v);
                        eScale = 1 / v;
                    }
                    break;
                default: f = v; break;
            }
        }
        bool wantJ = !jacobian.IsEmpty;
        double rss = 0;
        var lx = LogX;
        var y = Y;
        for (int i = 0; i < y.Length; i++)
        {
            double fit = LogLogistic.ValueAndGradient(lx[i], b, c, d, lnE, f, out var gb, out var gc, out var gd, out var ge, out var gf);
            double r = y[i] - fit;
            residuals[i] = r;
            rss += r * r;
            if (wantJ)
            {
                var row = jacobian.Slice(i * p, p);
                for (int k = 0; k < p; k++)
                {
                    row[k] = slot[k] switch
                    {
                        LogLogistic.B => gb,
                        LogLogistic.C => gc,
                        LogLogistic.D => gd,
                        LogLogistic.E => ge * eScale,
                        _ => gf,
                    };
                }
            }
        }
        return double.IsFinite(rss) ? rss : double.NaN;
    }
}
