using System.Runtime.CompilerServices;

namespace ResLab.Screens.Mageck;

/// <summary>MAGeCK's per-sgRNA replicate summaries (mageckMathFunc): the "mean" is the median, the variance is around it.</summary>
public static class ReplicateStats
{
    /// <summary>mmedian: the middle value, or the mean of the two middle values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Median(ReadOnlySpan<double> v)
    {
        int n = v.Length;
        if (n == 0) return 0.0;
        if (n == 1) return v[0];
        if (n == 2) return (Math.Min(v[0], v[1]) + Math.Max(v[0], v[1])) / 2.0;
        Span<double> s = n <= 64 ? stackalloc double[n] : new double[n];
        v.CopyTo(s);
        s.Sort();
        int i = (n - 1) / 2;
        return n % 2 == 1 ? s[i] : (s[i] + s[i + 1]) / 2.0;
    }

    /// <summary>getVars: Σ(x − median)² / max(n − 1, 1), summed in replicate order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Variance(ReadOnlySpan<double> v)
    {
        double m = Median(v), s = 0;
        foreach (var x in v) s += (x - m) * (x - m);
        return s / Math.Max(v.Length - 1.0, 1.0);
    }
}
