using System.Collections.Immutable;

namespace ResLab.Analysis.DoseResponse;

/// <summary>
/// A log-logistic dose–response model as drc defines it (estimator): which of (b, c, d, e, f) are free, the
/// values of the fixed ones, and whether e is reported as ED50 (LL.x) or ln ED50 (LL2.x).
/// <c>DoseResponseModel.LL4.Fit(data)</c> returns a <see cref="DoseResponseFit"/>.
/// drc's b is the negative of Prism's HillSlope: b &gt; 0 is a decreasing curve.
/// </summary>
public sealed class DoseResponseModel
{
    // Declared first: the static models below use it while being initialised.
    private static readonly string[] AllNames = ["b", "c", "d", "e", "f"];

    /// <summary>LL.4: y = c + (d − c)/(1 + exp(b(ln x − ln e))).</summary>
    public static DoseResponseModel LL4 { get; } = new("LL.4", [true, true, true, true, false], [double.NaN, double.NaN, double.NaN, double.NaN, 1], false);

    /// <summary>LL.3: lower limit c fixed at 0.</summary>
    public static DoseResponseModel LL3 { get; } = new("LL.3", [true, false, true, true, false], [double.NaN, 0, double.NaN, double.NaN, 1], false);

    /// <summary>LL.3u: upper limit d fixed at 1 (GRmetrics' model for GR values and relative cell counts).</summary>
    public static DoseResponseModel LL3u { get; } = LL3U(1);

    /// <summary>LL.5: asymmetry f free.</summary>
    public static DoseResponseModel LL5 { get; } = new("LL.5", [true, true, true, true, true], [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN], false);

    /// <summary>LL2.4: as LL.4 with the e parameter on the log scale (e = ln ED50), drc's route to log-scale CIs.</summary>
    public static DoseResponseModel LL24 { get; } = new("LL2.4", [true, true, true, true, false], [double.NaN, double.NaN, double.NaN, double.NaN, 1], true);

    /// <summary>LL.3u with another upper limit (drc's <c>LL.3u(upper = …)</c>).</summary>
    public static DoseResponseModel LL3U(double upper) =>
        new(upper == 1 ? "LL.3u" : $"LL.3u(upper={upper.ToString(System.Globalization.CultureInfo.InvariantCulture)})",
            [true, true, false, true, false], [double.NaN, double.NaN, upper, double.NaN, 1], false);

    /// <summary>
    /// LL.4 with the lower and/or upper limit fixed (drc's <c>LL.4(fixed = c(NA, c, d, NA))</c>); null leaves a limit
    /// free. SynergyFinder's ZIP fits every row and column of a combination matrix this way, with c fixed to the
    /// fitted response of the other drug alone.
    /// </summary>
    public static DoseResponseModel LL4Fixed(double? c = null, double? d = null)
    {
        if (c is null && d is null) return LL4;
        static string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var name = "LL.4(fixed " + string.Join(", ", new[] { c is null ? null : "c=" + F(c.Value), d is null ? null : "d=" + F(d.Value) }.Where(s => s is not null)) + ")";
        return new(name, [true, c is null, d is null, true, false], [double.NaN, c ?? double.NaN, d ?? double.NaN, double.NaN, 1], false);
    }

    /// <summary>The models by name (case-insensitive, with or without the dot: LL.4, ll4, LL2.4 …).</summary>
    public static IReadOnlyList<DoseResponseModel> All { get; } = [LL4, LL3, LL3u, LL5, LL24];

    public static DoseResponseModel? TryParse(string name)
    {
        var key = Normalise(name);
        return All.FirstOrDefault(m => Normalise(m.Name) == key);
    }

    private static string Normalise(string s) => s.Replace(".", "").Replace("_", "").Trim().ToLowerInvariant();

    public string Name { get; }

    /// <summary>Which of (b, c, d, e, f) are estimated.</summary>
    public ImmutableArray<bool> Free { get; }

    /// <summary>Values of the fixed parameters (NaN for free ones); e is never fixed.</summary>
    internal double[] FixedValues { get; }

    /// <summary>Indices (into b, c, d, e, f) of the free parameters, in drc's order.</summary>
    internal int[] FreeSlots { get; }

    public int FreeCount => FreeSlots.Length;

    /// <summary>True for LL2.x: the reported e is ln ED50.</summary>
    public bool LogE { get; }

    /// <summary>Names of the estimated parameters in drc's order (b, c, d, e, f as applicable).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    private DoseResponseModel(string name, bool[] free, double[] fixedValues, bool logE)
    {
        Name = name;
        Free = [.. free];
        FixedValues = fixedValues;
        for (int i = 0; i < 5; i++) if (free[i]) FixedValues[i] = double.NaN;
        FixedValues[LogLogistic.E] = 1; // placeholder, always free
        FreeSlots = Enumerable.Range(0, 5).Where(i => free[i]).ToArray();
        ParameterNames = FreeSlots.Select(i => AllNames[i]).ToArray();
        LogE = logE;
    }

    /// <summary>The fixed value of a parameter (b, c, d or f), or null when it is estimated.</summary>
    public double? FixedValue(char parameter)
    {
        int i = Array.IndexOf(AllNames, parameter.ToString());
        if (i < 0) throw new ArgumentException($"no parameter '{parameter}'");
        return Free[i] ? null : FixedValues[i];
    }

    /// <summary>Fits the model to the data (least squares, drc self-start, bounded LM). Never throws for bad data: a failed fit says why.</summary>
    public DoseResponseFit Fit(DoseResponseData data, FitOptions? options = null) => CurveFitter.Fit(this, data, options ?? FitOptions.Default);

    public DoseResponseFit Fit(IReadOnlyList<double> dose, IReadOnlyList<double> response, FitOptions? options = null) =>
        Fit(new DoseResponseData(dose, response), options);

    public override string ToString() => Name;
}
