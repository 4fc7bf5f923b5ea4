using ResLab.Analysis.Fitting;
using ResLab.Storage;

namespace ResLab.Analysis.Clonogenic;

/// <summary>How the linear–quadratic model is fitted (CFAssay's <c>method</c>).</summary>
public enum LqMethod
{
    /// <summary>Quasi-Poisson log-link GLM of the colony counts, offset log(cells seeded) (CFAssay's default).</summary>
    Ml,

    /// <summary>Least squares on log(colonies/cells).</summary>
    Ls,

    /// <summary>Weighted least squares on log(colonies/cells), weights colonies·cells/(cells − colonies) (Franken et al. 2006); PEs fixed.</summary>
    Franken,
}

/// <summary>How plating efficiencies enter (CFAssay's <c>PEmethod</c>).</summary>
public enum PeMethod
{
    /// <summary>One log-PE intercept per experiment, estimated with the curve.</summary>
    Fit,

    /// <summary>PE fixed per experiment from its 0-Gy wells (Σ colonies/Σ cells) or a <c>pe</c> column; only dose &gt; 0 wells are fitted.</summary>
    Fix,
}

/// <summary>
/// One linear–quadratic regression over one or more survival curves, as CFAssay 1.21.1 sets it up
/// (<c>cellsurvLQfit</c>, and <c>cellsurvLQdiff</c> for several curves): log S = c_exp − αD − βD²/n with one c_exp per
/// experiment (experiments nested in curves), and (α, β) per curve or common to all of them. CFAssay's coefficients
/// are the negatives of the α, β reported here.
/// </summary>
public sealed class LqRegression
{
    public required LqMethod Method { get; init; }
    public required PeMethod PeMethod { get; init; }
    public required IReadOnlyList<int> Curves { get; init; }
    public required bool SharedShape { get; init; }

    /// <summary>Coefficients in design order: experiment intercepts (PE fit only), then α, β per shape group (positive convention).</summary>
    public required double[] Coefficients { get; init; }

    /// <summary>Covariance of <see cref="Coefficients"/> (dispersion- or σ²-scaled), row-major.</summary>
    public required double[] Covariance { get; init; }

    /// <summary>Global experiment indices of the intercept columns (empty for PE fix).</summary>
    public required int[] InterceptExperiments { get; init; }

    /// <summary>Plating efficiency used as offset per experiment (PE fix), NaN otherwise; indexed by global experiment.</summary>
    public required IReadOnlyDictionary<int, double> FixedPe { get; init; }

    /// <summary>Quasi-Poisson dispersion (Pearson χ²/df) for ML; residual variance σ² for LS and Franken.</summary>
    public required double Dispersion { get; init; }

    public required int Df { get; init; }
    public required int N { get; init; }

    /// <summary>Residual deviance (ML) or the residual sum of squares that was minimised (LS; weighted for Franken).</summary>
    public required double Deviance { get; init; }

    /// <summary>Unweighted Σ r² of the log-survival residuals (LS and Franken); NaN for ML.</summary>
    public required double Rss { get; init; }

    public int P => Coefficients.Length;

    /// <summary>Index of α (β is the next one) for a curve.</summary>
    public int AlphaIndex(int curve) => InterceptExperiments.Length + 2 * (SharedShape ? 0 : IndexOfCurve(curve));

    private int IndexOfCurve(int curve)
    {
        for (int i = 0; i < Curves.Count; i++) if (Curves[i] == curve) return i;
        throw new ArgumentException($"curve {curve} is not part of this regression");
    }

    public double Cov(int i, int j) => Covariance[i * P + j];

    /// <summary>Fits the regression. Bad data (no 0-Gy control for a fixed PE, too few doses, log of 0) is a user error naming the row.</summary>
    public static LqRegression Fit(ClonogenicSet set, IReadOnlyList<int> curves, bool sharedShape, LqMethod method, PeMethod pe)
    {
        if (method == LqMethod.Franken) pe = PeMethod.Fix;
        var curveSet = curves.ToHashSet();
        var wells = curves.Count == 1 ? set.WellsOf(curves[0]).ToList() : set.Wells.Where(w => curveSet.Contains(w.Curve)).ToList();
        var fixedPe = new Dictionary<int, double>();
        if (pe == PeMethod.Fix)
        {
            foreach (var c in curves)
                foreach (var e in set.ExperimentsOf(c)) fixedPe[e] = FixedPlatingEfficiency(set, e);
            wells = wells.Where(w => w.Dose > 0).ToList();
        }
        var intercepts = pe == PeMethod.Fit ? wells.Select(w => w.Experiment).Distinct().Order().ToArray() : [];
        int shapeGroups = sharedShape ? 1 : curves.Count;
        int p = intercepts.Length + 2 * shapeGroups;
        int n = wells.Count;
        CheckIdentifiable(set, curves, wells, pe, sharedShape, p);

        var x = new double[n * p];
        var y = new double[n];
        var offset = new double[n];
        var weights = method == LqMethod.Franken ? new double[n] : [];
        var interceptCol = intercepts.Select((e, i) => (e, i)).ToDictionary(t => t.e, t => t.i);
        var curveCol = curves.Select((c, i) => (c, i)).ToDictionary(t => t.c, t => t.i);
        for (int i = 0; i < n; i++)
        {
            var w = wells[i];
            if (pe == PeMethod.Fit) x[i * p + interceptCol[w.Experiment]] = 1;
            int s = intercepts.Length + 2 * (sharedShape ? 0 : curveCol[w.Curve]);
            // CFAssay's parameterisation log S = … + a·D + b·D² (a = −α, b = −β); the signs are flipped below.
            x[i * p + s] = w.Dose;
            x[i * p + s + 1] = w.QuadraticDose;
            double logPe = pe == PeMethod.Fix ? Math.Log(fixedPe[w.Experiment]) : 0;
            if (method == LqMethod.Ml)
            {
                y[i] = w.Colonies;
                offset[i] = Math.Log(w.Cells) + logPe;
            }
            else
            {
                if (w.Colonies <= 0)
                    throw new UserInputException($"0 colonies cannot be log-transformed for --method {method.ToString().ToLowerInvariant()} (log survival); use --method ml, which models the counts themselves",
                        new InputLocation(set.Source, w.Line, Field: "colonies"));
                y[i] = Math.Log(w.Colonies / w.Cells);
                offset[i] = logPe;
                if (method == LqMethod.Franken)
                {
                    if (w.Colonies >= w.Cells)
                        throw new UserInputException("colonies equal the cells seeded, so Franken's weight colonies·cells/(cells − colonies) is infinite; use --method ml or ls",
                            new InputLocation(set.Source, w.Line, Field: "colonies"));
                    weights[i] = w.Colonies * w.Cells / (w.Cells - w.Colonies);
                }
            }
        }

        double[] coef;
        double[]? cov;
        double dispersion, deviance, rss;
        int df;
        if (method == LqMethod.Ml)
        {
            var g = PoissonLogGlm.Fit(x, n, p, y, offset);
            if (!g.Converged || g.UnscaledCovariance is null)
                throw new UserInputException($"the quasi-Poisson LQ fit of {Describe(set, curves)} did not converge; check the doses and counts", new InputLocation(set.Source));
            coef = g.Coefficients;
            dispersion = g.Dispersion;
            cov = g.Covariance(dispersion);
            deviance = g.Deviance;
            rss = double.NaN;
            df = g.DfResidual;
        }
        else
        {
            var l = LinearLeastSquares.Fit(x, n, p, y, offset, weights);
            if (l.UnscaledCovariance is null)
                throw new UserInputException($"the least-squares LQ fit of {Describe(set, curves)} is singular; check the doses", new InputLocation(set.Source));
            coef = l.Coefficients;
            dispersion = l.Sigma2;
            cov = l.UnscaledCovariance.Select(v => v * dispersion).ToArray();
            deviance = l.WeightedRss;
            rss = l.Rss;
            df = l.DfResidual;
        }
        // Report α, β positive: flip the sign of the shape coefficients (their covariances with each other keep their sign).
        for (int k = intercepts.Length; k < p; k++)
        {
            coef[k] = -coef[k];
            for (int j = 0; j < intercepts.Length; j++)
            {
                cov![k * p + j] = -cov[k * p + j];
                cov[j * p + k] = -cov[j * p + k];
            }
        }
        return new LqRegression
        {
            Method = method,
            PeMethod = pe,
            Curves = curves.ToArray(),
            SharedShape = sharedShape,
            Coefficients = coef,
            Covariance = cov!,
            InterceptExperiments = intercepts,
            FixedPe = fixedPe,
            Dispersion = dispersion,
            Df = df,
            N = n,
            Deviance = deviance,
            Rss = rss,
        };
    }

    /// <summary>
    /// The fixed PE of an experiment: Σ colonies/Σ cells over its 0-Gy wells (CFAssay pools repeated controls), or the
    /// <c>pe</c> column when the experiment has no 0-Gy wells. A user error when there is neither.
    /// </summary>
    public static double FixedPlatingEfficiency(ClonogenicSet set, int experiment)
    {
        double col = 0, cells = 0;
        ColonyWell? first = null;
        foreach (var w in set.WellsOfExperiment(experiment))
        {
            first ??= w;
            if (w.Dose == 0) { col += w.Colonies; cells += w.Cells; }
        }
        if (cells > 0)
        {
            if (!(col > 0))
                throw new UserInputException($"the 0-Gy wells of experiment '{set.Experiments[experiment].Name}' ({set.Curves[set.Experiments[experiment].Curve].Name}) have no colonies, so its plating efficiency is 0; check the counts",
                    new InputLocation(set.Source, first!.Line, Field: "colonies"));
            return col / cells;
        }
        var withPe = set.WellsOfExperiment(experiment).FirstOrDefault(w => !double.IsNaN(w.Pe));
        if (withPe is not null)
        {
            var other = set.WellsOfExperiment(experiment).FirstOrDefault(w => !double.IsNaN(w.Pe) && w.Pe != withPe.Pe);
            if (other is not null)
                throw new UserInputException($"experiment '{set.Experiments[experiment].Name}' has two plating efficiencies ({NumberFormat.Pretty(withPe.Pe)} on line {withPe.Line} and {NumberFormat.Pretty(other.Pe)}); expected one per experiment",
                    new InputLocation(set.Source, other.Line, Field: "pe"));
            return withPe.Pe;
        }
        var exp = set.Experiments[experiment];
        throw new UserInputException(
            $"experiment '{exp.Name}' of {set.Curves[exp.Curve].Name} has no 0-Gy control wells and no 'pe' value, so its plating efficiency cannot be fixed (--pe fix); " +
            "add its 0-Gy wells, a 'pe' column, or use --pe fit",
            new InputLocation(set.Source, exp.FirstLine, Field: set.DoseColumn));
    }

    private static void CheckIdentifiable(ClonogenicSet set, IReadOnlyList<int> curves, List<ColonyWell> wells, PeMethod pe, bool shared, int p)
    {
        foreach (var c in curves)
        {
            var mine = wells.Where(w => w.Curve == c).ToList();
            var curve = set.Curves[c];
            if (mine.Count == 0)
            {
                var any = set.WellsOf(c).First();
                throw new UserInputException($"{curve.Name} has no wells with a dose above 0 Gy to fit (--pe fix uses only irradiated wells)", new InputLocation(set.Source, any.Line, Field: set.DoseColumn));
            }
            var levels = mine.Select(w => (w.Dose, w.Fractions)).Distinct().Count();
            int experiments = mine.Select(w => w.Experiment).Distinct().Count();
            int needed = pe == PeMethod.Fit ? 3 : 2;
            if (!shared && levels < needed)
            {
                var doses = string.Join(", ", mine.Select(w => w.Dose).Distinct().Order().Select(d => NumberFormat.Pretty(d) + " Gy"));
                var what = pe == PeMethod.Fit ? "a plating efficiency per experiment, α and β" : "α and β (PEs fixed)";
                throw new UserInputException(
                    $"{curve.Name} ({experiments} experiment{(experiments == 1 ? "" : "s")}) has {levels} distinct dose{(levels == 1 ? "" : "s")} ({doses}) to estimate {what}; the linear–quadratic fit needs at least {needed} distinct doses" +
                    (pe == PeMethod.Fit ? " including 0 Gy" : " above 0 Gy"),
                    new InputLocation(set.Source, mine[0].Line, Field: set.DoseColumn));
            }
        }
        if (wells.Count <= p)
            throw new UserInputException(
                $"{Describe(set, curves)} has {wells.Count} wells for {p} parameters; the quasi-likelihood dispersion needs more wells than parameters (add wells or use --pe fix)",
                new InputLocation(set.Source, wells[0].Line, Field: set.DoseColumn));
    }

    private static string Describe(ClonogenicSet set, IReadOnlyList<int> curves) =>
        curves.Count == 1 ? set.Curves[curves[0]].Name : $"the {curves.Count} curves {string.Join(", ", curves.Select(c => set.Curves[c].Name))}";
}
