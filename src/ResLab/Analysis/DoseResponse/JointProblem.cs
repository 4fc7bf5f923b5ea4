using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.DoseResponse;

/// <summary>
/// Several curves fitted together (drc's <c>drm(y ~ dose, curve, fct = …)</c>): each free parameter of the model is
/// either curve-specific or shared by all curves. θ holds, per parameter slot in drc order, either one shared value
/// or one value per curve. e is ln e when <see cref="LogE"/> is set, as in <see cref="CurveProblem"/>.
/// </summary>
internal struct JointProblem : ILeastSquaresProblem
{
    public readonly double[] LogX, Y;
    public readonly int[] CurveOf;
    public readonly int Curves;
    public readonly DoseResponseModel Model;
    /// <summary>[curve * FreeCount + k] → index into θ of the model's k-th free parameter for that curve.</summary>
    public readonly int[] Map;
    public readonly int Count;
    public bool LogE;

    public JointProblem(double[] logX, double[] y, int[] curveOf, int curves, DoseResponseModel model, bool[] sharedByFreeIndex, bool logE)
    {
        LogX = logX; Y = y; CurveOf = curveOf; Curves = curves; Model = model; LogE = logE;
        int p = model.FreeCount;
        Map = new int[curves * p];
        int next = 0;
        for (int k = 0; k < p; k++)
        {
            if (sharedByFreeIndex[k]) { for (int c = 0; c < curves; c++) Map[c * p + k] = next; next++; }
            else for (int c = 0; c < curves; c++) Map[c * p + k] = next++;
        }
        Count = next;
    }

    public readonly int ParameterCount => Count;
    public readonly int ObservationCount => Y.Length;

    public readonly double Evaluate(ReadOnlySpan<double> theta, Span<double> residuals, Span<double> jacobian)
    {
        int p = Model.FreeCount, np = Count;
        var slots = Model.FreeSlots;
        var fx = Model.FixedValues;
        bool wantJ = !jacobian.IsEmpty;
        if (wantJ) jacobian.Clear();
        double rss = 0;
        Span<double> grad = stackalloc double[5];
        for (int i = 0; i < Y.Length; i++)
        {
            int c = CurveOf[i];
            double b = fx[0], cc = fx[1], d = fx[2], lnE = 0, f = fx[4], eScale = 1;
            for (int k = 0; k < p; k++)
            {
                double v = theta[Map[c * p + k]];
                switch (slots[k])
                {
                    case LogLogistic.B: b = v; break;
                    case LogLogistic.C: cc = v; break;
                    case LogLogistic.D: d = v; break;
                    case LogLogistic.E:
                        if (LogE) lnE = v;
                        else { if (!(v > 0)) return double.NaN; lnE = Math.Log(v); eScale = 1 / v; }
                        break;
                    default: f = v; break;
                }
            }
            double fit = LogLogistic.ValueAndGradient(LogX[i], b, cc, d, lnE, f, out grad[0], out grad[1], out grad[2], out grad[3], out grad[4]);
            double r = Y[i] - fit;
            residuals[i] = r;
            rss += r * r;
            if (wantJ)
            {
                var row = jacobian.Slice(i * np, np);
                for (int k = 0; k < p; k++)
                {
                    int s = slots[k];
                    row[Map[c * p + k]] += s == LogLogistic.E ? grad[3] * eScale : grad[s];
                }
            }
        }
        return double.IsFinite(rss) ? rss : double.NaN;
    }
}
