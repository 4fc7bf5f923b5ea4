using ResLab.Analysis.DoseResponse;

namespace ResLab.Analysis.Synergy;

/// <summary>How the Loewe additive reference is found.</summary>
public enum LoeweMethod
{
    /// <summary>SynergyFinder's 100-point grid of responses between the smallest and largest fitted asymptote: the grid value minimising |Σ xᵢ/Xᵢ(y) − 1|.</summary>
    Grid,

    /// <summary>The root of Σ xᵢ/Xᵢ(y) = 1 solved to machine precision (bisection inside the grid's best bracket); the grid value when there is no root.</summary>
    Exact,
}

/// <summary>The reference ("expected") response and the synergy score of every well of one matrix for the four models, plus the ZIP fit.</summary>
public sealed class MatrixScores
{
    public required double[,] Response { get; init; }
    public required DrcCurve? Drug1 { get; init; }
    public required DrcCurve? Drug2 { get; init; }
    public required double[,] ZipFit { get; init; }
    public required double[,] ZipRef { get; init; }
    public required double[,] HsaRef { get; init; }
    public required double[,] BlissRef { get; init; }
    public required double[,] LoeweRef { get; init; }

    /// <summary>
    /// How many of the ZIP row and column fits could not be fitted as LL.4 and used SynergyFinder's fallback, L.4 on
    /// log dose with 0 read as 1e-10 (which, unlike LL.4, depends on the concentration unit), and how many failed.
    /// </summary>
    public required int ZipL4Fallbacks { get; init; }

    public required int ZipFailures { get; init; }

    /// <summary>Chou–Talalay combination index of each combination well (NaN where undefined).</summary>
    public required double[,] CombinationIndex { get; init; }

    public double Zip(int i, int j) => ZipFit[i, j] - ZipRef[i, j];
    public double Hsa(int i, int j) => Response[i, j] - HsaRef[i, j];
    public double Bliss(int i, int j) => Response[i, j] - BlissRef[i, j];
    public double Loewe(int i, int j) => Response[i, j] - LoeweRef[i, j];

    public int Rows => Response.GetLength(0);
    public int Columns => Response.GetLength(1);

    public double Score(SynergyModel m, int i, int j) => m switch
    {
        SynergyModel.Zip => Zip(i, j),
        SynergyModel.Hsa => Hsa(i, j),
        SynergyModel.Bliss => Bliss(i, j),
        _ => Loewe(i, j),
    };
}

/// <summary>The four reference models of SynergyFinder.</summary>
public enum SynergyModel { Zip, Hsa, Bliss, Loewe }

/// <summary>
/// The synergy models as SynergyFinder 3.7.3 computes them on one response matrix (% inhibition; row 0 = drug 2
/// alone, column 0 = drug 1 alone). In every model a single-agent or untreated well has reference = observed, score 0.
/// <list type="bullet">
/// <item>Bliss: reference yᵢ₀ + y₀ⱼ − yᵢ₀y₀ⱼ/100 from the observed single agents.</item>
/// <item>HSA: reference max(yᵢ₀, y₀ⱼ).</item>
/// <item>Loewe: LL.4 single-drug fits (SynergyFinder's FitDoseResponse); if the observed y exceeds every fitted
/// asymptote, the reference is the larger single-drug prediction at the summed dose; otherwise the 100-point grid
/// (or the exact root) of Σ xᵢ/Xᵢ(y) = 1, with Xᵢ(y) = 0 below drug i's range and ∞ above it.</item>
/// <item>ZIP: reference = Bliss on the fitted single-drug responses; fit = mean of the LL.4 fit along each column
/// (drug 1 varied, all its concentrations including 0, lower limit fixed to the observed response of drug 2 alone at
/// that column) and along each row (likewise); δ = fit − reference.</item>
/// </list>
/// These were reconstructed from SynergyFinder's documented behaviour and verified number by number against its
/// outputs on the Mathews data (tests).
/// </summary>
public static class SynergyModels
{
    public static MatrixScores Score(double[] conc1, double[] conc2, double[,] y, LoeweMethod loewe, CurveFitMethod fitter)
    {
        int n1 = conc1.Length, n2 = conc2.Length;
        var col0 = Enumerable.Range(0, n1).Select(i => y[i, 0]).ToArray();
        var row0 = Enumerable.Range(0, n2).Select(j => y[0, j]).ToArray();
        var drug1 = SingleDrugFitter.Fit(conc1, col0, null, fitter);
        var drug2 = SingleDrugFitter.Fit(conc2, row0, null, fitter);
        var hsa = new double[n1, n2];
        var bliss = new double[n1, n2];
        var loeweRef = new double[n1, n2];
        var zipRef = new double[n1, n2];
        var zipFit = new double[n1, n2];
        var ci = new double[n1, n2];
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
            {
                if (i == 0 || j == 0)
                {
                    hsa[i, j] = bliss[i, j] = loeweRef[i, j] = zipRef[i, j] = zipFit[i, j] = y[i, j];
                    ci[i, j] = double.NaN;
                    continue;
                }
                hsa[i, j] = Math.Max(y[i, 0], y[0, j]);
                bliss[i, j] = y[i, 0] + y[0, j] - y[i, 0] * y[0, j] / 100;
            }

        // ZIP: row and column fits with the lower limit fixed at the observed single-agent response.
        int l4 = 0, failed = 0;
        void Count(DrcCurve? c) { if (c is null) failed++; else if (c.Kind == DrcCurveKind.L4) l4++; }
        var colFit = new double[n1, n2];
        var rowFit = new double[n1, n2];
        for (int j = 1; j < n2; j++)
        {
            var curve = SingleDrugFitter.Fit(conc1, Enumerable.Range(0, n1).Select(i => y[i, j]).ToArray(), y[0, j], fitter);
            Count(curve);
            for (int i = 1; i < n1; i++) colFit[i, j] = curve?.Predict(conc1[i]) ?? double.NaN;
        }
        for (int i = 1; i < n1; i++)
        {
            var curve = SingleDrugFitter.Fit(conc2, Enumerable.Range(0, n2).Select(j => y[i, j]).ToArray(), y[i, 0], fitter);
            Count(curve);
            for (int j = 1; j < n2; j++) rowFit[i, j] = curve?.Predict(conc2[j]) ?? double.NaN;
        }
        for (int i = 1; i < n1; i++)
            for (int j = 1; j < n2; j++)
            {
                zipFit[i, j] = (colFit[i, j] + rowFit[i, j]) / 2;
                double f1 = drug1?.Predict(conc1[i]) ?? double.NaN, f2 = drug2?.Predict(conc2[j]) ?? double.NaN;
                zipRef[i, j] = f1 + f2 - f1 * f2 / 100;
                loeweRef[i, j] = drug1 is null || drug2 is null ? double.NaN : LoeweReference(conc1[i], conc2[j], y[i, j], drug1, drug2, loewe);
            }
        var ciMat = ChouTalalay.Matrix(conc1, conc2, y);
        return new MatrixScores { Response = y, Drug1 = drug1, Drug2 = drug2, ZipFit = zipFit, ZipRef = zipRef, HsaRef = hsa, BlissRef = bliss, LoeweRef = loeweRef, CombinationIndex = ciMat, ZipL4Fallbacks = l4, ZipFailures = failed };
    }

    /// <summary>The iso-effective dose Xᵢ(y) with SynergyFinder's rule outside the curve's range: 0 below it, ∞ above it.</summary>
    public static double IsoDose(DrcCurve c, double y)
    {
        if (y < c.Lower) return 0;
        if (y > c.Upper) return double.PositiveInfinity;
        return c.Inverse(y);
    }

    public static double LoeweReference(double x1, double x2, double y, DrcCurve d1, DrcCurve d2, LoeweMethod method)
    {
        double lo = Math.Min(d1.Lower, d2.Lower), hi = Math.Max(d1.Upper, d2.Upper);
        if (y > hi) return Math.Max(d1.Predict(x1 + x2), d2.Predict(x1 + x2));
        double Distance(double v) => Math.Abs(x1 / IsoDose(d1, v) + x2 / IsoDose(d2, v) - 1);
        // R's seq(lo, hi, length.out = 100) and which.min (first minimum, NaN ignored).
        const int n = 100;
        double by = (hi - lo) / (n - 1);
        int best = -1;
        double bestD = double.NaN;
        var grid = new double[n];
        for (int k = 0; k < n; k++)
        {
            grid[k] = Math.Min(lo + k * by, hi); // seq.default clamps at 'to'
            double d = Distance(grid[k]);
            if (double.IsNaN(d)) continue;
            if (best < 0 || d < bestD) { best = k; bestD = d; }
        }
        if (best < 0) return double.NaN;
        if (method == LoeweMethod.Grid) return grid[best];
        // Exact: Σ xᵢ/Xᵢ(y) − 1 changes sign between the best grid point and a neighbour; bisect there.
        double G(double v) => x1 / IsoDose(d1, v) + x2 / IsoDose(d2, v) - 1;
        foreach (var other in new[] { best - 1, best + 1 })
        {
            if (other < 0 || other >= n) continue;
            double a = grid[Math.Min(best, other)], b = grid[Math.Max(best, other)];
            double ga = G(a), gb = G(b);
            if (!(double.IsFinite(ga) || double.IsInfinity(ga)) || !(double.IsFinite(gb) || double.IsInfinity(gb))) continue;
            if (ga == 0) return a;
            if (gb == 0) return b;
            if (Math.Sign(ga) == Math.Sign(gb)) continue;
            for (int it = 0; it < 200 && b - a > 1e-15 * Math.Max(1, Math.Abs(a)); it++)
            {
                double m = 0.5 * (a + b), gm = G(m);
                if (double.IsNaN(gm)) break;
                if (gm == 0) return m;
                if (Math.Sign(gm) == Math.Sign(ga)) { a = m; ga = gm; } else b = m;
            }
            return 0.5 * (a + b);
        }
        return grid[best];
    }
}
