using System.Runtime.CompilerServices;

namespace ResLab.Screens.Mageck;

/// <summary>Size factors of the selected samples and how they were obtained.</summary>
public sealed record SizeFactorResult(double[] Factors, MageckNorm Used, double[] TotalFactors, double[]? MedianFactors,
    double[] ZeroFractions, int SgrnasUsed, IReadOnlyList<string> Warnings);

/// <summary>
/// MAGeCK's normalisation (mageckCountNorm.normalizeCounts), in its arithmetic order: the total factor mean(T)/Tⱼ;
/// the median factor 1/upper-median over sgRNAs with reads of xᵢⱼ / exp(mean log(x + 1)); control = the median method
/// on the control sgRNAs only. Median falls back to total (for every sample) when a sample's median ratio is 0 or more
/// than 45 % of its sgRNAs have no reads.
/// </summary>
public static class SizeFactors
{
    /// <param name="columns">Counts of the selected samples ([sample][sgRNA]).</param>
    /// <param name="samples">Their names, for messages.</param>
    /// <param name="useRow">The sgRNAs that define the factors (all, or the controls).</param>
    public static SizeFactorResult Compute(double[][] columns, IReadOnlyList<string> samples, bool[]? useRow, MageckNorm method)
    {
        int ns = columns.Length, n = columns[0].Length;
        var rows = new List<int>(n);
        for (int i = 0; i < n; i++)
            if (useRow is null || useRow[i]) rows.Add(i);
        var warnings = new List<string>();
        // Total factors.
        var sums = new double[ns];
        foreach (var i in rows)
            for (int s = 0; s < ns; s++) sums[s] += columns[s][i];
        double total = 0;
        for (int s = 0; s < ns; s++) total += sums[s];
        double avg = total / ns;
        for (int s = 0; s < ns; s++)
            if (sums[s] == 0)
                throw new UserInputException($"sample '{samples[s]}' has no reads{(useRow is null ? "" : " in the control sgRNAs")}; it cannot be normalised (MAGeCK stops with a division by zero here)",
                    new InputLocation(Field: samples[s]));
        var totalFactors = sums.Select(x => avg / x).ToArray();
        var zeros = new double[ns];
        for (int s = 0; s < ns; s++)
        {
            int z = 0;
            foreach (var i in rows) if (columns[s][i] == 0) z++;
            zeros[s] = z * 1.0 / rows.Count;
        }
        var factors = totalFactors;
        var used = MageckNorm.Total;
        double[]? median = null;
        if (method is MageckNorm.Median or MageckNorm.Control)
        {
            median = MedianFactors(columns, rows);
            bool useTotal = false;
            for (int s = 0; s < ns; s++)
            {
                if (median[s] == 0.0)
                {
                    warnings.Add($"sample '{samples[s]}' has a zero median count ratio, so median normalisation is not possible; switched to total read count normalisation (as MAGeCK does)");
                    useTotal = true;
                }
                if (zeros[s] > 0.45)
                {
                    warnings.Add($"sample '{samples[s]}' has too many zero-count sgRNAs ({zeros[s]:0.###}); median normalisation is unstable, switched to total read count normalisation (as MAGeCK does)");
                    useTotal = true;
                }
                else if (zeros[s] > 0.3)
                    warnings.Add($"sample '{samples[s]}' has many zero-count sgRNAs ({zeros[s]:0.###}); median normalisation may be unstable (consider --norm total)");
            }
            if (!useTotal) { factors = median; used = method; }
        }
        for (int s = 0; s < ns; s++)
            if (factors[s] < 0.2 || factors[s] > 5)
            {
                warnings.Add($"sample '{samples[s]}' has an unusual size factor ({factors[s]:G4}, outside 0.2–5); check the normalisation");
            }
        return new SizeFactorResult(factors, used, totalFactors, median, zeros, rows.Count, warnings);
    }

    private static double[] MedianFactors(double[][] columns, List<int> rows)
    {
        int ns = columns.Length;
        var used = new List<int>(rows.Count);
        var geo = new List<double>(rows.Count);
        foreach (var i in rows)
        {
            double sum = 0;
            for (int s = 0; s < ns; s++) sum += columns[s][i];
            if (!(sum > 0)) continue;
            double logs = 0;
            for (int s = 0; s < ns; s++) logs += Math.Log(columns[s][i] + 1.0);
            double g = Math.Exp(logs * 1.0 / ns);
            used.Add(i);
            geo.Add(g > 0 ? g : 1);
        }
        if (used.Count == 0) throw new UserInputException("every selected sgRNA has zero reads in every selected sample; nothing to normalise", new InputLocation(Field: "counts"));
        var f = new double[ns];
        Parallel.For(0, ns, s => // samples are independent
        {
            var ratios = new double[used.Count];
            for (int k = 0; k < used.Count; k++) ratios[k] = columns[s][used[k]] / geo[k];
            Array.Sort(ratios);
            double x = ratios[ratios.Length / 2]; // the upper median, as MAGeCK takes it
            f[s] = x > 0.0 ? 1.0 / x : 0.0;
        });
        return f;
    }
}
