using ResLab.Storage;

namespace ResLab.Analysis.Clonogenic;

/// <summary>Settings of a clonogenic analysis (the options of <c>reslab clonogenic fit</c>).</summary>
public sealed record ClonogenicOptions
{
    public LqMethod Method { get; init; } = LqMethod.Ml;
    public PeMethod Pe { get; init; } = PeMethod.Fit;

    /// <summary>A level of a grouping column (e.g. vehicle): each other curve of its stratum gets an F test and DMFs against it.</summary>
    public string? Reference { get; init; }

    /// <summary>The hypoxic level of a grouping column: OER = D_hypoxic(SF)/D_normoxic(SF) against each other curve of its stratum.</summary>
    public string? Hypoxic { get; init; }

    public double Level { get; init; } = 0.95;
}

/// <summary>A curve compared with a reference curve: the F test of the pair and the dose-modifying factors at SF 0.5, 0.37, 0.1.</summary>
public sealed record LqPair(int Reference, int Test, LqCurveComparison Comparison, IReadOnlyList<DoseModifyingFactor> Factors);

/// <summary>Everything a clonogenic analysis computes.</summary>
public sealed record ClonogenicResult(
    ClonogenicSet Set, LqMethod Method, PeMethod Pe, IReadOnlyList<LqFit> Fits, LqCurveComparison? Overall,
    IReadOnlyList<LqPair> ReferencePairs, IReadOnlyList<LqPair> OxygenPairs,
    IReadOnlyList<ExperimentPe> PlatingEfficiencies, IReadOnlyList<SurvivalPoint> Points, IReadOnlyList<string> Warnings);

/// <summary>
/// The clonogenic analysis as one pure call: an LQ fit per curve, the overall comparison of curve shapes, and
/// DMF/SER and OER against reference curves, all as CFAssay 1.21.1 would compute them (see docs/clonogenic.md).
/// </summary>
public static class ClonogenicAnalysis
{
    /// <summary>CFAssay's vignette: dispersions above about 9 (PE fitted) or 12 (PE fixed) suggest outlying experiments.</summary>
    /// <summary>The largest number of curves compared in one overall F test.</summary>
    public const int MaxOverallCurves = 100;

    public static double DispersionCutoff(PeMethod pe) => pe == PeMethod.Fit ? 9 : 12;

    public static ClonogenicResult Run(ClonogenicSet set, ClonogenicOptions o, IProgress<ProgressUpdate>? progress = null)
    {
        var warnings = new List<string>();
        var method = o.Method;
        var pe = o.Pe;
        if (method == LqMethod.Franken && pe == PeMethod.Fit)
        {
            pe = PeMethod.Fix;
            warnings.Add("--method franken fixes the plating efficiencies (Franken et al. 2006 normalise to the 0-Gy controls): used --pe fix");
        }
        if (pe == PeMethod.Fit && !set.Wells.Any(w => w.Dose == 0))
        {
            if (!set.HasPe)
                throw new UserInputException("the data have no 0-Gy wells and no 'pe' column, so plating efficiencies can neither be fitted as intercepts nor fixed; add the 0-Gy control wells or a 'pe' column",
                    new InputLocation(set.Source, Field: set.DoseColumn));
            pe = PeMethod.Fix;
            warnings.Add("the data have no 0-Gy wells: plating efficiencies fixed from the 'pe' column (--pe fix), as CFAssay does");
        }

        int refColumn = o.Reference is null ? -1 : LevelColumn(set, o.Reference, "--reference");
        int oxColumn = o.Hypoxic is null ? -1 : LevelColumn(set, o.Hypoxic, "--oer");
        var fits = new List<LqFit>();
        for (int c = 0; c < set.Curves.Count; c++)
        {
            var reg = LqRegression.Fit(set, [c], sharedShape: false, method, pe);
            fits.Add(new LqFit { Curve = set.Curves[c], Regression = reg });
            if (method == LqMethod.Ml && reg.Dispersion > DispersionCutoff(pe))
                warnings.Add($"{set.Curves[c].Name}: dispersion {NumberFormat.Pretty(reg.Dispersion, 3)} is above CFAssay's suggested cut-off of about {DispersionCutoff(pe)} for --pe {pe.ToString().ToLowerInvariant()}: look for an outlying experiment");
            progress.Tell("LQ fits", c + 1, set.Curves.Count);
        }

        // The overall test is one GLM over every curve (dense in its plating efficiencies and shapes); beyond
        // MaxOverallCurves it is skipped — pairwise tests against a --reference stay available.
        LqCurveComparison? overall = null;
        if (set.Curves.Count >= 2 && set.Curves.Count <= MaxOverallCurves) overall = LqComparison.Compare(set, Enumerable.Range(0, set.Curves.Count).ToArray(), method, pe);
        else if (set.Curves.Count > MaxOverallCurves)
            warnings.Add($"{set.Curves.Count} curves: the overall comparison of all curves is computed for at most {MaxOverallCurves}; use --reference for pairwise F tests");
        var refPairs = o.Reference is null ? [] : Pairs(set, o.Reference, refColumn, "--reference", method, pe, o.Level, warnings);
        var oxPairs = o.Hypoxic is null ? [] : Pairs(set, o.Hypoxic, oxColumn, "--oer", method, pe, o.Level, warnings);

        var pes = new List<ExperimentPe>();
        var points = new List<SurvivalPoint>();
        for (int c = 0; c < set.Curves.Count; c++)
        {
            var mine = PlatingEfficiency.Of(set, c);
            pes.AddRange(mine);
            // Points are normalised as the fit was: by S0 from each experiment's own fit (CFAssay's sfpmean with
            // pes()$S0) when PEs are fitted, by the fixed PE when they are fixed.
            var norm = new Dictionary<int, double>();
            foreach (var e in mine)
            {
                double v = pe == PeMethod.Fit ? e.S0 : fits[c].Regression.FixedPe.GetValueOrDefault(e.Experiment, double.NaN);
                if (double.IsNaN(v) && pe == PeMethod.Fit) v = fits[c].PlatingEfficiencies(set).First(x => x.Experiment == e.Experiment).Pe;
                norm[e.Experiment] = v;
            }
            points.AddRange(PlatingEfficiency.PointwiseMean(set, c, norm));
        }
        return new ClonogenicResult(set, method, pe, fits, overall, refPairs, oxPairs, pes, points, warnings);
    }

    /// <summary>The grouping column holding <paramref name="level"/> (a user error naming the option when none does).</summary>
    private static int LevelColumn(ClonogenicSet set, string level, string option)
    {
        int col = -1;
        for (int g = 0; g < set.GroupColumns.Count && col < 0; g++)
            if (set.Curves.Any(c => c.Key[g] == level)) col = g;
        if (col < 0)
        {
            var levels = set.Curves.SelectMany(c => c.Key).Distinct().ToArray();
            throw new UserInputException(set.GroupColumns.Count == 0
                ? $"got '{level}', but the input has a single curve (no grouping columns such as line or treatment)"
                : $"no curve has the level '{level}'{NameMatcher.Hint(level, levels)}; the levels are: {string.Join(", ", levels.Take(30))}",
                new InputLocation(Field: option));
        }
        return col;
    }

    /// <summary>Every curve at <paramref name="level"/> of column <paramref name="col"/> against each other curve of its stratum.</summary>
    private static List<LqPair> Pairs(ClonogenicSet set, string level, int col, string option, LqMethod method, PeMethod pe, double conf, List<string> warnings)
    {
        var pairs = new List<LqPair>();
        string Stratum(SurvivalCurve c) => string.Join("\u001f", c.Key.Where((_, k) => k != col));
        foreach (var reference in set.Curves.Where(c => c.Key[col] == level))
        {
            var others = set.Curves.Where(c => c.Index != reference.Index && c.Key[col] != level && Stratum(c) == Stratum(reference)).ToList();
            if (others.Count == 0) warnings.Add($"{option} {level}: {reference.Name} has no other curve in its stratum to compare with");
            foreach (var test in others)
            {
                var cmp = LqComparison.Compare(set, [reference.Index, test.Index], method, pe);
                var factors = LqComparison.StandardLevels.Select(sf => LqComparison.Dmf(cmp.Separate, reference.Index, test.Index, sf, conf)).ToList();
                pairs.Add(new LqPair(reference.Index, test.Index, cmp, factors));
            }
        }
        return pairs;
    }
}
