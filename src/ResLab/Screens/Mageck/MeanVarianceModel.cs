using System.Runtime.CompilerServices;

namespace ResLab.Screens.Mageck;

/// <summary>
/// MAGeCK's "linear" mean–variance model (crisprFunction.modelmeanvar): a weighted least-squares line (weights = mean) of
/// log2(var − mean + 1) on log2(mean + 1) over sgRNAs with mean &lt; var and mean below median + 4·SD of the means;
/// slope k floored at 1, intercept b at 0; the adjusted variance is mean + 2^b·mean^k.
/// </summary>
public sealed record MeanVarianceModel(double K, double B, int Points, int HighCountOutliers, bool UsedAllPoints)
{
    public double AdjustedVariance(double mean) => Math.Pow(mean, K) * Math.Pow(2.0, B) + mean;

    /// <param name="means">Per-sgRNA replicate medians of the modelling samples.</param>
    /// <param name="variances">Per-sgRNA variances around them.</param>
    public static MeanVarianceModel Fit(double[] means, double[] variances, List<string> warnings)
    {
        int n = means.Length;
        double highCutoff;
        if (n > 10)
        {
            double m = ReplicateStats.Median(means), v = ReplicateStats.Variance(means);
            highCutoff = m + 4 * Math.Pow(v, 0.5);
        }
        else highCutoff = means.Max() * 2;
        int outliers = 0;
        foreach (var mean in means) if (mean > highCutoff) outliers++;
        var mg = new List<double>(n);
        var vg = new List<double>(n);
        for (int i = 0; i < n; i++)
            if (means[i] < variances[i] && means[i] < highCutoff) { mg.Add(means[i]); vg.Add(variances[i] - means[i]); }
        bool all = false;
        if (mg.Count < 10)
        {
            warnings.Add("the variances between control replicates are too small to model (fewer than 10 sgRNAs with variance > mean); all sgRNAs are used with var − mean floored at 0.01, as MAGeCK does (technical replicates should be merged into one sample)");
            all = true;
            mg.Clear();
            vg.Clear();
            for (int i = 0; i < n; i++) { mg.Add(means[i]); double d = variances[i] - means[i]; vg.Add(d > 0.01 ? d : 0.01); }
        }
        double ln2 = Math.Log(2.0);
        double nw = 0, sy = 0, sx = 0, sx2 = 0, sxy = 0;
        for (int i = 0; i < mg.Count; i++) nw += mg[i];
        var x = new double[mg.Count];
        var y = new double[mg.Count];
        for (int i = 0; i < mg.Count; i++) { x[i] = Math.Log(mg[i] + 1) / ln2; y[i] = Math.Log(vg[i] + 1) / ln2; }
        for (int i = 0; i < x.Length; i++) sy += y[i] * mg[i];
        for (int i = 0; i < x.Length; i++) sx += x[i] * mg[i];
        for (int i = 0; i < x.Length; i++) sx2 += x[i] * x[i] * mg[i];
        for (int i = 0; i < x.Length; i++) sxy += x[i] * y[i] * mg[i];
        double den = nw * sx2 - sx * sx;
        double a = (sy * sx2 - sx * sxy) / den;
        double b = (nw * sxy - sx * sy) / den;
        if (!double.IsFinite(a) || !double.IsFinite(b))
        {
            warnings.Add("the mean–variance regression is degenerate (all modelling sgRNAs have the same mean); using k = 1, b = 0 (MAGeCK stops with a division by zero here)");
            a = 0; b = 1;
        }
        double k = b < 1 ? 1 : b, intercept = a < 0 ? 0 : a;
        return new MeanVarianceModel(k, intercept, mg.Count, outliers, all);
    }
}
