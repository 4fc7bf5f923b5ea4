namespace ResLab.Analysis.DoseResponse;

/// <summary>One curve of a batch: its group key values, its data and where it came from (for messages).</summary>
public sealed record CurveInput(IReadOnlyList<string> Key, DoseResponseData Data, string Origin)
{
    public string Name => Key.Count == 0 ? "all" : string.Join(" / ", Key);
}

/// <summary>The curves read from one input, in first-appearance order, with the grouping columns' names.</summary>
public sealed record CurveSet(string Source, IReadOnlyList<string> GroupColumns, IReadOnlyList<CurveInput> Curves, string DoseColumn, string ResponseColumn)
{
    /// <summary>Plate QC rows when the input was a plate-reader matrix.</summary>
    public IReadOnlyList<PlateQc> PlateQc { get; init; } = [];
}

/// <summary>Quality of one plate: Z′ factor from vehicle (max signal) and blank (min signal) wells, and the CV of the vehicle wells.</summary>
public sealed record PlateQc(string Plate, int Vehicle, int Blank, double VehicleMean, double VehicleSd, double BlankMean, double BlankSd, double ZPrime, double VehicleCv)
{
    /// <summary>Z′ = 1 − 3(σ_v + σ_b)/|μ_v − μ_b| (Zhang, Chung &amp; Oldenburg 1999, J Biomol Screen 4:67, doi:10.1177/108705719900400206).</summary>
    public static PlateQc From(string plate, IReadOnlyList<double> vehicle, IReadOnlyList<double> blank)
    {
        var (mv, sv) = MeanSd(vehicle);
        var (mb, sb) = MeanSd(blank);
        double z = 1 - 3 * (sv + sb) / Math.Abs(mv - mb);
        return new PlateQc(plate, vehicle.Count, blank.Count, mv, sv, mb, sb, z, sv / mv);
    }

    private static (double Mean, double Sd) MeanSd(IReadOnlyList<double> v)
    {
        if (v.Count == 0) return (double.NaN, double.NaN);
        double m = v.Average();
        double s = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1)) : double.NaN;
        return (m, s);
    }
}
