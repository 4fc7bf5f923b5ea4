using ResLab.Analysis.Fitting;

namespace ResLab.Analysis.DoseResponse;

/// <summary>How a dose–response model is fitted and its uncertainty computed.</summary>
public sealed record FitOptions
{
    /// <summary>drc's Hessian-based covariance (default) or the Gauss–Newton one of nls/Prism.</summary>
    public CovarianceMethod Covariance { get; init; } = CovarianceMethod.RssHessian;

    /// <summary>
    /// Box constraints on the natural parameters by name ("b", "c", "d", "e" = ED50 even for LL2.x, "f"), as drc's
    /// lowerl/upperl. Absent names are unbounded (e is always kept positive).
    /// </summary>
    public IReadOnlyDictionary<string, (double Lower, double Upper)>? Bounds { get; init; }

    /// <summary>Starting values by name (natural scale), replacing the self-starter's for those parameters.</summary>
    public IReadOnlyDictionary<string, double>? Start { get; init; }

    /// <summary>Confidence level of every interval.</summary>
    public double Level { get; init; } = 0.95;

    public LmOptions Solver { get; init; } = LmOptions.Default;

    /// <summary>Skip the covariance (SEs, CIs): for inner loops that only need the estimates.</summary>
    public bool EstimatesOnly { get; init; }

    public static FitOptions Default { get; } = new();
}
