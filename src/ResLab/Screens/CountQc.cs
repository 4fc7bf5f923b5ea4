using System.Runtime.CompilerServices;

namespace ResLab.Screens;

/// <summary>Per-sample quality figures of a count table, as <c>mageck count</c> reports them in its count summary.</summary>
public sealed record SampleQc(string Sample, double MappedReads, int ZeroSgrnas, int Sgrnas, double Gini)
{
    public double ZeroFraction => Sgrnas == 0 ? 0 : (double)ZeroSgrnas / Sgrnas;
}

public static class CountQc
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<SampleQc> Compute(CountTable t)
    {
        var r = new SampleQc[t.SampleCount];
        for (int s = 0; s < t.SampleCount; s++)
        {
            var col = t.Column(s);
            double total = 0;
            int zeros = 0;
            var logs = new double[col.Length];
            for (int i = 0; i < col.Length; i++)
            {
                total += col[i];
                if (col[i] == 0) zeros++;
                logs[i] = Math.Log(col[i] + 1.0);
            }
            r[s] = new SampleQc(t.Samples[s], total, zeros, col.Length, Gini(logs));
        }
        return r;
    }

    /// <summary>
    /// MAGeCK's Gini index (mageckCountIO.mageckcount_gini) of log(count + 1): 1 − 2(n − Σ (i+1)·x₍ᵢ₎ / Σ x)/(n − 1) over
    /// the sorted values. 0 = perfectly even library; MAGeCK flags samples above ~0.1 (plasmid/early) or ~0.2–0.3 (late).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Gini(double[] values)
    {
        var xs = (double[])values.Clone();
        Array.Sort(xs);
        int n = xs.Length;
        if (n < 2) return 0;
        double g = 0, y = 0;
        for (int i = 0; i < n; i++) g += (i + 1.0) * xs[i];
        for (int i = 0; i < n; i++) y += xs[i];
        if (y == 0.0) y = 1.0;
        return 1.0 - 2.0 * (n - g / y) / (n - 1);
    }
}
