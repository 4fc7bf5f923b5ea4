namespace ResLab.Analysis.DoseResponse;

/// <summary>Relative EDp (p % of the way from d to c, drc's default) or absolute (the dose at a response level).</summary>
public enum EdType { Relative, Absolute }

/// <summary>How an effective dose's confidence interval is formed.</summary>
public enum EdInterval
{
    /// <summary>No interval, only the delta-method SE.</summary>
    None,
    /// <summary>drc's default: est ± t(df)·SE on the linear scale (symmetric).</summary>
    Delta,
    /// <summary>Wald interval on log(ED) back-transformed (drc "fls" on LL2.x; Prism's CI of the IC50 from LogIC50).</summary>
    LogDelta,
    /// <summary>Profile likelihood (Prism's asymmetric CI); available for the ED50 of models with f = 1, else LogDelta.</summary>
    Profile,
}

/// <summary>An effective dose with its uncertainty and a flag when it lies outside the tested doses.</summary>
public sealed record EffectiveDose(double P, EdType Type, double Estimate, double StandardError, double Lower, double Upper,
    EdInterval Interval, string Flag)
{
    /// <summary>A description of the interval method for output tables.</summary>
    public string Method => Interval switch
    {
        EdInterval.Delta => "delta",
        EdInterval.LogDelta => "log-delta",
        EdInterval.Profile => "profile",
        _ => "none",
    };
}

/// <summary>One estimated parameter with its standard error, t test (against 0) and confidence interval.</summary>
public sealed record ParameterEstimate(string Name, double Estimate, double StandardError, double T, double P, double Lower, double Upper);

/// <summary>How parameter CIs are formed: Wald (est ± t·SE, drc confint and Prism's asymptotic) or profile likelihood.</summary>
public enum ParameterInterval { Wald, Profile }

/// <summary>An F test result.</summary>
public sealed record FTest(double F, double Df1, double Df2, double P);
