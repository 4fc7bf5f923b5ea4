namespace ResLab.Analysis.DoseResponse;

/// <summary>The observations of one curve: doses (≥ 0; 0 = untreated control) and responses.</summary>
public sealed class DoseResponseData
{
    public double[] Dose { get; }
    public double[] Response { get; }

    /// <summary>ln(dose), −∞ for dose 0 (computed once; every model evaluation uses it).</summary>
    internal double[] LogDose { get; }

    public int Count => Dose.Length;

    public DoseResponseData(IReadOnlyList<double> dose, IReadOnlyList<double> response)
    {
        if (dose.Count != response.Count) throw new ArgumentException($"{dose.Count} doses but {response.Count} responses");
        Dose = dose.ToArray();
        Response = response.ToArray();
        LogDose = new double[Dose.Length];
        for (int i = 0; i < Dose.Length; i++)
        {
            double x = Dose[i];
            if (double.IsNaN(x) || x < 0 || double.IsInfinity(x)) throw new ArgumentException($"dose {i + 1} is {x}; doses must be finite and ≥ 0");
            if (!double.IsFinite(Response[i])) throw new ArgumentException($"response {i + 1} is {Response[i]}; responses must be finite");
            LogDose[i] = x > 0 ? Math.Log(x) : double.NegativeInfinity;
        }
    }

    /// <summary>Distinct doses in increasing order.</summary>
    public double[] DistinctDoses() => Dose.Distinct().Order().ToArray();

    /// <summary>The smallest and largest positive dose (NaN when there is none).</summary>
    public (double Min, double Max) PositiveRange()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var x in Dose) if (x > 0) { lo = Math.Min(lo, x); hi = Math.Max(hi, x); }
        return double.IsInfinity(lo) ? (double.NaN, double.NaN) : (lo, hi);
    }

    /// <summary>Per-dose means, in increasing dose order.</summary>
    public (double Dose, double Mean, int Count)[] MeansByDose()
    {
        var acc = new SortedDictionary<double, (double Sum, int N)>();
        for (int i = 0; i < Dose.Length; i++)
        {
            acc.TryGetValue(Dose[i], out var s);
            acc[Dose[i]] = (s.Sum + Response[i], s.N + 1);
        }
        return acc.Select(kv => (kv.Key, kv.Value.Sum / kv.Value.N, kv.Value.N)).ToArray();
    }
}
