using System.Runtime.CompilerServices;
using ResLab.Analysis.Statistics;
using ResLab.Screens.Rra;

namespace ResLab.Screens.Mageck;

/// <summary>
/// <c>mageck test</c> (MAGeCK 0.5.9.2, Li et al. 2014, Genome Biol 15:554, doi:10.1186/s13059-014-0554-4) as its code
/// computes it (crisprFunction.crispr_test, mageckCountNorm, mageckMathFunc, RRA.cpp; see docs/screens.md):
/// normalisation, replicate medians and the mean–variance model, truncated-normal sgRNA p-values and θ scores, α-RRA per
/// gene in both directions with the seeded permutation null, BH FDRs and gene LFCs. Arithmetic follows MAGeCK's order so
/// that the summaries agree with MAGeCK's to the printed digit.
/// </summary>
public static class MageckTest
{
    /// <param name="sgrnasReady">
    /// Called (on the calling thread) once the sgRNA-level results are known, before the gene test — a caller can write
    /// the sgRNA summary and normalised counts meanwhile. The stage's arrays are final; they must not be changed.
    /// </param>
    /// <param name="normalizedReady">
    /// Called (on the calling thread) once the counts are normalised, before the sgRNA tests — a caller can write the
    /// normalised counts meanwhile. The arrays are final; they must not be changed.
    /// </param>
    public static MageckTestResult Run(CountTable t, MageckTestOptions o, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default,
        Action<MageckSgrnaStage>? sgrnasReady = null, Action<MageckNormalizedStage>? normalizedReady = null)
    {
        var warnings = new List<string>();
        int[] ci = t.ResolveSamples(o.Control, "-c/--control");
        int[] ti = t.ResolveSamples(o.Treatment, "-t/--treatment");
        foreach (var c in ci)
            if (ti.Contains(c))
                throw new UserInputException($"sample '{t.Samples[c]}' is both a control (-c) and a treatment (-t); expected separate samples", new InputLocation(Field: "-t/-c"));
        if (o.Paired && ci.Length != ti.Length)
            throw new UserInputException($"--paired needs as many control as treatment samples (got {ci.Length} control, {ti.Length} treatment); list them in matching order", new InputLocation(Field: "--paired"));
        if (o.Norm == MageckNorm.Control && o.ControlSgrnas is null)
            throw new UserInputException("--norm control needs the control sgRNAs: give them with --control-sgrna FILE (one sgRNA id per line)", new InputLocation(Field: "--norm"));
        bool[]? controlMask = o.ControlSgrnas?.Mask(t, "--control-sgrna");
        if (controlMask is not null && o.ControlSgrnas!.Ids.Count > controlMask.Count(x => x))
            warnings.Add($"{o.ControlSgrnas.Ids.Count - controlMask.Count(x => x)} of the {o.ControlSgrnas.Ids.Count} control sgRNA ids are not in the count table");

        int nc = ci.Length, nt = ti.Length, n = t.SgrnaCount;
        var selected = ci.Concat(ti).ToArray();
        var names = selected.Select(s => t.Samples[s]).ToArray();
        var raw = selected.Select(s => t.Column(s).ToArray()).ToArray();
        progress.Tell("mageck test", 0, 4, "normalising");
        var sf = SizeFactors.Compute(raw, names, o.Norm == MageckNorm.Control ? controlMask : null, o.Norm);
        warnings.AddRange(sf.Warnings);
        var norm = new double[raw.Length][];
        for (int s = 0; s < raw.Length; s++)
        {
            norm[s] = new double[n];
            for (int i = 0; i < n; i++) norm[s][i] = sf.Factors[s] * raw[s][i];
        }
        var controlNames = ci.Select(s => t.Samples[s]).ToArray();
        var treatmentNames = ti.Select(s => t.Samples[s]).ToArray();
        normalizedReady?.Invoke(new MageckNormalizedStage(controlNames, treatmentNames, sf, norm));

        // Rows of the test: the sgRNAs, or in paired mode one pseudo-sgRNA per sgRNA and replicate pair.
        int rows = o.Paired ? n * nc : n;
        int rc = o.Paired ? 1 : nc, rt = o.Paired ? 1 : nt;
        var ids = new string[rows];
        var genes = new string[rows];
        var ctrl = new double[rows][];
        var trt = new double[rows][];
        var isControl = new bool[rows];
        for (int i = 0, r = 0; i < n; i++)
        {
            if (o.Paired)
                for (int k = 0; k < nc; k++, r++)
                {
                    ids[r] = t.Sgrnas[i] + "_r" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    genes[r] = t.Genes[i];
                    ctrl[r] = [norm[k][i]];
                    trt[r] = [norm[nc + k][i]];
                    isControl[r] = controlMask?[i] ?? false;
                }
            else
            {
                ids[r] = t.Sgrnas[i];
                genes[r] = t.Genes[i];
                var c = new double[nc];
                var tv = new double[nt];
                for (int k = 0; k < nc; k++) c[k] = norm[k][i];
                for (int k = 0; k < nt; k++) tv[k] = norm[nc + k][i];
                ctrl[r] = c;
                trt[r] = tv;
                isControl[r] = controlMask?[i] ?? false;
                r++;
            }
        }
        cancel.ThrowIfCancellationRequested();
        progress.Tell("mageck test", 1, 4, "sgRNA statistics");
        var stats = SgrnaTest(ids, genes, ctrl, trt, rc, rt, o, warnings, out var model);

        // Gene tests in both directions.
        var valid = stats.Valid;
        int nValid = valid.Count(v => v);
        var theta = stats.Theta;
        int[] orderNeg = [], orderPos = [], sgrnaOrder = [];
        Parallel.Invoke(
            () => orderNeg = StableOrder(rows, i => theta[i]),
            () => orderPos = StableOrder(rows, i => -theta[i]),
            () => sgrnaOrder = StableOrder(rows, i => -Math.Abs(theta[i])));
        sgrnasReady?.Invoke(new MageckSgrnaStage(controlNames, treatmentNames, sf, norm, stats, sgrnaOrder));
        double thr = o.GeneTestFdrThreshold;
        int nLower = 0, nLowerValid = 0, nHigher = 0, nHigherValid = 0;
        for (int i = 0; i < rows; i++)
        {
            if (stats.PLow[i] <= thr) { nLower++; if (valid[i]) nLowerValid++; }
            if (stats.PHigh[i] <= thr) { nHigher++; if (valid[i]) nHigherValid++; }
        }
        double alphaNeg = nLowerValid * 1.0 / nValid;
        if (alphaNeg < 0.05) alphaNeg = 0.05;
        if (alphaNeg > 0.5) alphaNeg = 0.5;
        double alphaPos = nHigher > 0 ? nHigherValid * 1.0 / nValid : 0.01;
        Dictionary<string, double> lfcNeg = [], lfcPos = [];
        RraItem[] itemsNeg = [], itemsPos = [];
        Parallel.Invoke(
            () => lfcNeg = GeneLfc(orderNeg, nLower, stats.Lfc, genes, valid, o.GeneLfc, positive: false),
            () => lfcPos = GeneLfc(orderPos, nHigher, stats.Lfc, genes, valid, o.GeneLfc, positive: true),
            () => itemsNeg = Items(orderNeg, valid, ids, genes, theta, 1.0),
            () => itemsPos = Items(orderPos, valid, ids, genes, theta, -1.0));

        IReadOnlySet<string>? rraControls = null;
        if (controlMask is not null)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < rows; i++) if (isControl[i]) set.Add(ids[i]);
            rraControls = set;
        }
        progress.Tell("mageck test", 2, 4, "RRA");
        // MAGeCK runs RRA twice (negative, then positive selection), each from the same seed: drawn together here.
        var rra = RobustRankAggregation.RunMany(
        [
            (itemsNeg, new RraOptions { MaxPercentile = alphaNeg, ControlItems = rraControls, Threads = o.Threads }),
            (itemsPos, new RraOptions { MaxPercentile = alphaPos, ControlItems = rraControls, Threads = o.Threads }),
        ], cancel);
        var (rraNeg, rraPos) = (rra[0], rra[1]);
        progress.Tell("mageck test", 3, 4, "gene summary");

        var posByName = new Dictionary<string, (RraGroup G, int Rank)>(StringComparer.Ordinal);
        for (int r = 0; r < rraPos.Count; r++) posByName[rraPos[r].Name] = (rraPos[r], r + 1);
        var geneRows = new List<GeneStats>(rraNeg.Count);
        for (int r = 0; r < rraNeg.Count; r++)
        {
            var g = rraNeg[r];
            var neg = new GeneSide(g.Lo, g.P, g.Fdr, r + 1, g.GoodItems, lfcNeg.GetValueOrDefault(g.Name));
            var (pg, prank) = posByName[g.Name];
            var pos = new GeneSide(pg.Lo, pg.P, pg.Fdr, prank, pg.GoodItems, lfcPos.GetValueOrDefault(g.Name));
            geneRows.Add(new GeneStats(g.Name, g.Items, neg, pos));
        }
        if (o.SortByPositive) geneRows = geneRows.OrderBy(g => g.Pos.Rank).ToList();

        var tested = new HashSet<string>(rraNeg.Select(g => g.Name), StringComparer.Ordinal);
        var missing = t.Genes.Distinct(StringComparer.Ordinal).Where(g => !tested.Contains(g)).ToList();
        if (missing.Count > 0)
            warnings.Add($"{missing.Count} gene(s) have no sgRNA with reads in the control or treatment samples ({string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", …" : "")}): "
                         + "they are listed in sgrna_summary.txt but, as in MAGeCK (--remove-zero both), not tested or listed in gene_summary.txt");
        int removed = rows - nValid;
        progress.Tell("mageck test", 4, 4);
        return new MageckTestResult
        {
            ControlSamples = controlNames,
            TreatmentSamples = treatmentNames,
            SizeFactors = sf,
            Normalized = norm,
            Model = model,
            Sgrnas = stats,
            SgrnaOrder = sgrnaOrder,
            AlphaNeg = alphaNeg,
            AlphaPos = alphaPos,
            Genes = geneRows.ToArray(),
            RraNeg = rraNeg,
            RraPos = rraPos,
            RemovedZeroSgrnas = removed,
            GenesWithoutCounts = missing,
            Warnings = warnings,
            Options = o,
        };
    }

    /// <summary>crispr_test's sgRNA part: model, medians with zero replacement, variances, p-values, θ, LFC, FDR.</summary>
    private static SgrnaStats SgrnaTest(string[] ids, string[] genes, double[][] ctrl, double[][] trt, int nc, int nt, MageckTestOptions o,
        List<string> warnings, out MeanVarianceModel model)
    {
        int n = ids.Length;
        // Modelling samples: the controls when there are at least two, else controls and treatments together.
        var modelMean = new double[n];
        var modelVar = new double[n];
        var both = nc > 1 ? null : new double[nc + nt];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> v;
            if (both is null) v = ctrl[i];
            else
            {
                ctrl[i].CopyTo(both, 0);
                trt[i].CopyTo(both, nc);
                v = both;
            }
            modelMean[i] = ReplicateStats.Median(v);
            modelVar[i] = ReplicateStats.Variance(v);
        }
        model = MeanVarianceModel.Fit(modelMean, modelVar, warnings);

        var cMean = new double[n];
        var valid1 = new bool[n];
        double thr = o.RemoveZeroThreshold;
        double cMin = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            cMean[i] = ReplicateStats.Median(ctrl[i]);
            valid1[i] = cMean[i] > thr;
            if (cMean[i] > 0 && cMean[i] < cMin) cMin = cMean[i];
        }
        if (double.IsPositiveInfinity(cMin)) throw new UserInputException("every control median count is zero; the control samples have no usable reads", new InputLocation(Field: "-c/--control"));
        for (int i = 0; i < n; i++) if (!(cMean[i] > cMin)) cMean[i] = cMin;

        var varMix = new double[n];
        bool mix = nc == 1 && nt > 1;
        double fracC = mix ? (nc - 1) * 1.0 / (nc - 1 + nt - 1) : 1.0, fracT = 1.0 - fracC;
        if (mix) warnings.Add($"one control sample: the raw variance combines control and treatment replicates ({fracC} control, {fracT} treatment), as MAGeCK does");
        for (int i = 0; i < n; i++)
            varMix[i] = mix ? modelVar[i] * fracC + ReplicateStats.Variance(trt[i]) * fracT : modelVar[i];
        var adj = new double[n];
        for (int i = 0; i < n; i++) adj[i] = model.AdjustedVariance(cMean[i]);

        var tMean = new double[n];
        var valid = new bool[n];
        double tMin = double.PositiveInfinity;
        int nValid = 0;
        for (int i = 0; i < n; i++)
        {
            tMean[i] = ReplicateStats.Median(trt[i]);
            bool v2 = tMean[i] > thr;
            valid[i] = o.RemoveZero switch
            {
                RemoveZero.Control => valid1[i],
                RemoveZero.Treatment => v2,
                RemoveZero.Any => valid1[i] && v2,
                RemoveZero.Both => valid1[i] || v2,
                _ => true,
            };
            if (valid[i]) nValid++;
            if (tMean[i] > 0 && tMean[i] < tMin) tMin = tMean[i];
        }
        if (nValid == 0) throw new UserInputException("no sgRNA is left after removing those with zero counts (--remove-zero); check the samples and counts", new InputLocation(Field: "--remove-zero"));
        if (double.IsPositiveInfinity(tMin)) throw new UserInputException("every treatment median count is zero; the treatment samples have no usable reads", new InputLocation(Field: "-t/--treatment"));

        var pLow = new double[n];
        var pHigh = new double[n];
        var theta0 = new double[n];
        double sqrt2 = Math.Pow(2.0, 0.5);
        // Each row's p-values depend on that row alone: computed in parallel blocks (the same doubles).
        PerRow(n, i =>
        {
            double t1 = tMean[i] > tMin ? tMean[i] : tMin;
            double sd = Math.Sqrt(adj[i]);
            double z = (t1 - cMean[i]) / sd, z0 = (0.0 - cMean[i]) / sd;
            double lowerZ = Erfc.Of(-z / sqrt2) / 2, upperZ = Erfc.Of(z / sqrt2) / 2;
            double lower0 = Erfc.Of(-z0 / sqrt2) / 2;
            pLow[i] = (lowerZ - lower0) / (1 - lower0);
            pHigh[i] = upperZ / (1 - lower0);
            theta0[i] = (tMean[i] - cMean[i]) / Math.Sqrt(adj[i]);
        });
        // θ for depleted sgRNAs from qnorm(p.low) via MAGeCK's table, p floored at a tenth of the smallest positive p.low.
        double floor = double.PositiveInfinity;
        for (int i = 0; i < n; i++)
        {
            double x = pLow[i] * 0.1;
            if (x > 0 && x < floor) floor = x;
        }
        if (double.IsPositiveInfinity(floor)) floor = double.Epsilon;
        var theta = new double[n];
        var two = new double[n];
        var lfc = new double[n];
        double ln2 = Math.Log(2.0);
        PerRow(n, i =>
        {
            if (tMean[i] < cMean[i])
            {
                double lp = Math.Log(pLow[i] > floor ? pLow[i] : floor);
                theta[i] = QnormTable.Theta(lp) ?? theta0[i];
            }
            else theta[i] = theta0[i];
            two[i] = pLow[i] < pHigh[i] ? 2 * pLow[i] : 2 * pHigh[i];
            lfc[i] = Math.Log(tMean[i] + 1.0) / ln2 - Math.Log(cMean[i] + 1.0) / ln2;
        });
        return new SgrnaStats
        {
            Ids = ids, Genes = genes, ControlCounts = ctrl, TreatmentCounts = trt,
            ControlMean = cMean, TreatmentMean = tMean, Lfc = lfc, ControlVar = varMix, AdjustedVar = adj,
            Theta = theta, PLow = pLow, PHigh = pHigh, PTwoSided = two, Fdr = PythonBh(two), Valid = valid,
        };
    }

    /// <summary>Runs <paramref name="row"/> for rows 0..n−1 in parallel blocks (each row writes only its own entries).</summary>
    private static void PerRow(int n, Action<int> row)
    {
        const int block = 8192;
        Parallel.For(0, (n + block - 1) / block, b =>
        {
            int end = Math.Min(n, (b + 1) * block);
            for (int i = b * block; i < end; i++) row(i);
        });
    }

    /// <summary>RRA's input list of one direction: the valid sgRNAs in ranking order, scored by sign·θ.</summary>
    private static RraItem[] Items(int[] order, bool[] valid, string[] ids, string[] genes, double[] theta, double sign)
    {
        int n = 0;
        foreach (var i in order) if (valid[i]) n++;
        var items = new RraItem[n];
        int k = 0;
        foreach (var i in order)
            if (valid[i]) items[k++] = new RraItem(ids[i], genes[i], sign * theta[i]);
        return items;
    }

    /// <summary>Indices 0..n−1 sorted by key, ties in index order (Python's stable sorted).</summary>
    internal static int[] StableOrder(int n, Func<int, double> key)
    {
        var keys = new double[n];
        var idx = new int[n];
        for (int i = 0; i < n; i++) { keys[i] = key(i); idx[i] = i; }
        Array.Sort(keys, idx);
        // Array.Sort is not stable: put each run of equal keys back in index order.
        for (int i = 0; i < n;)
        {
            int j = i + 1;
            while (j < n && keys[j] == keys[i]) j++;
            if (j - i > 1) Array.Sort(idx, i, j - i);
            i = j;
        }
        return idx;
    }

    /// <summary>MAGeCK's pFDR(method='fdr'): (n/rank)·p over p descending (ties by index), then the running minimum.</summary>
    public static double[] PythonBh(double[] p)
    {
        int n = p.Length;
        var idx = StableOrder(n, i => p[i]);
        Array.Reverse(idx);
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = ((double)n / (n - i)) * p[idx[i]];
        for (int i = 0; i < n - 1; i++)
            if (v[i] < v[i + 1]) v[i + 1] = v[i];
        var result = new double[n];
        for (int i = 0; i < n; i++) result[idx[i]] = v[i];
        return result;
    }

    /// <summary>crisprFunction.calculate_gene_lfc over the valid sgRNAs in the ranking order of one direction.</summary>
    private static Dictionary<string, double> GeneLfc(int[] order, int nCut, double[] lfc, string[] genes, bool[] valid, GeneLfcMethod method, bool positive)
    {
        var lists = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        int ni = 0;
        bool alpha = method is GeneLfcMethod.AlphaMedian or GeneLfcMethod.AlphaMean;
        foreach (var i in order)
        {
            ni++;
            if (!valid[i]) continue;
            if (!lists.TryGetValue(genes[i], out var l)) lists[genes[i]] = l = [];
            if (!alpha || ni * 1.0 <= nCut) l.Add(lfc[i]);
        }
        var r = new Dictionary<string, double>(lists.Count, StringComparer.Ordinal);
        foreach (var (g, l) in lists)
        {
            double v;
            switch (method)
            {
                case GeneLfcMethod.Median or GeneLfcMethod.AlphaMedian:
                    v = ReplicateStats.Median(l.ToArray());
                    break;
                case GeneLfcMethod.SecondBest:
                    var s = l.ToArray();
                    Array.Sort(s);
                    if (positive) Array.Reverse(s);
                    v = s.Length > 1 ? s[1] : 0.0;
                    break;
                default:
                    double sum = 0;
                    foreach (var x in l) sum += x;
                    v = l.Count > 0 ? sum / l.Count : 0.0;
                    break;
            }
            r[g] = v;
        }
        return r;
    }
}
