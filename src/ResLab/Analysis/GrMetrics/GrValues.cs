namespace ResLab.Analysis.GrMetrics;

/// <summary>One treated well with its matched control and time-zero counts (GRmetrics' Case A row).</summary>
public sealed record GrWell(string[] Keys, string Replicate, double Concentration, double CellCount, double ControlCount, double TimeZeroCount)
{
    /// <summary>log2(x_ctrl / x_0): the number of doublings of the untreated control.</summary>
    public double ControlDoublings => Math.Log2(ControlCount / TimeZeroCount);

    /// <summary>GR(c) = 2^(log2(x(c)/x0) / log2(x_ctrl/x0)) − 1 (Hafner et al. 2016, Nat Methods 13:521, doi:10.1038/nmeth.3853).</summary>
    public double GrValue => Math.Pow(2, Math.Log2(CellCount / TimeZeroCount) / Math.Log2(ControlCount / TimeZeroCount)) - 1;

    /// <summary>x(c) / x_ctrl.</summary>
    public double RelativeCellCount => CellCount / ControlCount;
}

/// <summary>GRmetrics' 50 % trimmed mean (the interquartile mean) used to average control and time-0 wells in Case C.</summary>
public static class TrimmedMean
{
    /// <summary>
    /// GRmetrics .trim_mean(x, percent): drop k = n·percent/200 values at each end (k rounded; a k ending in .5
    /// rounds down) and average the rest.
    /// </summary>
    public static double Of(IEnumerable<double> values, double percent = 50)
    {
        var x = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        int n = x.Length;
        if (n == 0) return double.NaN;
        double k = n * (percent / 100) / 2;
        int lo = (Math.Round(k) != k && Math.Round(k * 2) == k * 2) ? (int)Math.Floor(k) : (int)Math.Round(k, MidpointRounding.ToEven);
        int hi = n - lo;             // exclusive
        if (hi <= lo) { lo = (n - 1) / 2; hi = n - lo; }
        double s = 0;
        for (int i = lo; i < hi; i++) s += x[i];
        return s / (hi - lo);
    }
}
