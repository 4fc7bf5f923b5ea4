namespace ResLab.Analysis.DoseResponse;

/// <summary>Checks that a curve can be fitted with a model at all (used before fitting a batch).</summary>
public static class DoseResponseChecks
{
    /// <summary>The reason the data cannot be fitted with the model, or null when they can.</summary>
    public static string? Check(DoseResponseModel model, DoseResponseData data) => CurveFitter.CheckData(model, data);
}
