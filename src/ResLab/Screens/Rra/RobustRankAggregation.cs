namespace ResLab.Screens.Rra;

/// <summary>One ranked item (an sgRNA) of a list: its id, its group (gene) and its score (lower ranks first).</summary>
public readonly record struct RraItem(string Name, string Group, double Value);

/// <summary>Settings of one α-RRA run, as MAGeCK passes them to its RRA program.</summary>
public sealed record RraOptions
{
    /// <summary>α (RRA's <c>-p</c>): only percentiles ≤ α count, except the best item of each group.</summary>
    public required double MaxPercentile { get; init; }

    /// <summary>Groups given no permutation p-value (MAGeCK test passes <c>--skip-gene NA --skip-gene na</c>).</summary>
    public IReadOnlySet<string> SkipGroups { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "NA", "na" };

    /// <summary>Negative-control item ids (<c>--control</c>): the null draws their percentiles instead of uniforms.</summary>
    public IReadOnlySet<string>? ControlItems { get; init; }

    /// <summary>Permutation rounds per group (RRA's <c>--permutation</c>); null = RRA's default, max(100, ⌊100000/G⌋ + 1).</summary>
    public int? Permutations { get; init; }

    /// <summary>Groups with more items than this are not permuted (they take the null of the largest permuted size).</summary>
    public int MaxItemsPermuted { get; init; } = 100;

    /// <summary>Worker threads for the permutation null (null: all cores). Results do not depend on it.</summary>
    public int? Threads { get; init; }
}

/// <summary>One group's result, as RRA writes it: lo-value, permutation p, BH FDR and the number of items ≤ α.</summary>
public sealed record RraGroup(string Name, int Items, double Lo, double P, double Fdr, int GoodItems, bool Skipped);

/// <summary>
/// α-robust rank aggregation (Kolde et al. 2012, Bioinformatics 28:573; Li et al. 2014, Genome Biol 15:554) exactly as
/// MAGeCK 0.5.9's RRA program computes it: percentiles of items among the whole list (with its nearest-neighbour
/// search and ±1e-9 tie window), the lo-value min over k of BetaCDF(u₍ₖ₎; k, n − k + 1) while u₍ₖ₎ ≤ α (always the first),
/// a permutation null per distinct group size drawn from the seeded Park–Miller stream in RRA's order, p-values as
/// mid-ranks in that null, the groups ordered by RRA's own quicksort on lo (which fixes the order of ties), and
/// Benjamini–Hochberg FDR. Returns the groups in RRA's output order (rank = position + 1).
/// </summary>
public static class RobustRankAggregation
{
    private const double Window = 0.000000001;
    private const int ChunkDraws = 1 << 15;

    public static IReadOnlyList<RraGroup> Run(IReadOnlyList<RraItem> items, RraOptions o, CancellationToken cancel = default)
    {
        int n = items.Count;
        if (n == 0) return [];
        // Groups in order of first appearance, items in list order.
        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var members = new List<List<int>>();
        for (int i = 0; i < n; i++)
        {
            if (!groupIndex.TryGetValue(items[i].Group, out var g))
            {
                g = names.Count;
                groupIndex[items[i].Group] = g;
                names.Add(items[i].Group);
                members.Add([]);
            }
            members[g].Add(i);
        }
        int groupNum = names.Count;

        // Percentile of each item within the whole list.
        var sorted = new double[n];
        for (int i = 0; i < n; i++) sorted[i] = items[i].Value;
        Array.Sort(sorted);
        var percentile = new double[n];
        for (int i = 0; i < n; i++)
        {
            int i1 = NearestIndex(items[i].Value - Window, sorted, 0, n - 1);
            int i2 = NearestIndex(items[i].Value + Window, sorted, 0, n - 1);
            percentile[i] = ((double)i1 + i2 + 1) / (n * 2);
        }

        // Control items: their percentiles form the null (RRA keeps them in a std::map, i.e. ordered by name).
        var skip = new bool[groupNum];
        double[]? controlPercentiles = null;
        if (o.ControlItems is { } controls)
        {
            var byName = new SortedDictionary<string, double>(StringComparer.Ordinal);
            for (int g = 0; g < groupNum; g++)
            {
                int nControl = 0;
                foreach (var i in members[g])
                    if (controls.Contains(items[i].Name)) { byName[items[i].Name] = percentile[i]; nControl++; }
                if (nControl == members[g].Count) skip[g] = true; // a group of controls only is not tested
            }
            controlPercentiles = byName.Values.ToArray();
            if (controlPercentiles.Length == 0) controlPercentiles = null;
        }
        for (int g = 0; g < groupNum; g++)
            if (o.SkipGroups.Contains(names[g])) skip[g] = true;

        // Observed lo-values.
        var lo = new double[groupNum];
        var good = new int[groupNum];
        var scratch = new double[members.Max(m => m.Count)];
        var betaCache = new LogBetaCache();
        for (int g = 0; g < groupNum; g++)
        {
            var m = members[g];
            for (int k = 0; k < m.Count; k++) scratch[k] = percentile[m[k]];
            Array.Sort(scratch, 0, m.Count);
            lo[g] = LoValue(scratch.AsSpan(0, m.Count), o.MaxPercentile, betaCache.For(m.Count), out good[g]);
        }

        var p = PermutationPValues(members.Select(m => m.Count).ToArray(), lo, skip, o, controlPercentiles, betaCache, cancel);

        // RRA sorts the groups by lo with its own quicksort, then adjusts the p-values in that order.
        var order = Enumerable.Range(0, groupNum).ToArray();
        QuickSortByLo(order, lo);
        var pInOrder = order.Select(g => p[g]).ToArray();
        var fdr = BenjaminiHochberg(pInOrder);
        var result = new RraGroup[groupNum];
        for (int r = 0; r < groupNum; r++)
        {
            int g = order[r];
            result[r] = new RraGroup(names[g], members[g].Count, lo[g], p[g], fdr[r], good[g], skip[g]);
        }
        return result;
    }

    /// <summary>
    /// RRA's lo-value of one group from its sorted percentiles: min over k of BetaCDF(u₍ₖ₎; k, n − k + 1), scanning while
    /// u₍ₖ₎ ≤ α (the first item always counts). <paramref name="good"/> is the number of percentiles ≤ α before the first above.
    /// </summary>
    public static double LoValue(ReadOnlySpan<double> sortedPercentiles, double alpha, double[] logBeta, out int good)
    {
        int num = sortedPercentiles.Length;
        good = 0;
        if (num == 0) return 1.0;
        double best = 1.0;
        for (int i = 0; i < num; i++)
        {
            double u = sortedPercentiles[i];
            if (u > alpha)
            {
                if (i > 0) break;
            }
            else good++;
            double f = OrderStatisticBeta.Cdf(u, i + 1, num - i, logBeta[i]);
            if (f < best) best = f;
        }
        return best;
    }

    /// <summary>log B(k + 1, n − k) for k = 0..n−1, computed once per group size.</summary>
    internal sealed class LogBetaCache
    {
        private readonly Dictionary<int, double[]> _bySize = new();

        public double[] For(int n)
        {
            lock (_bySize)
            {
                if (_bySize.TryGetValue(n, out var a)) return a;
                a = new double[n];
                for (int i = 0; i < n; i++) a[i] = OrderStatisticBeta.LogBeta(i + 1, n - i);
                _bySize[n] = a;
                return a;
            }
        }
    }

    /// <summary>
    /// RRA's ComputePermutationbyNumSG: for each distinct group size s ≤ <see cref="RraOptions.MaxItemsPermuted"/> in
    /// ascending order, (passes + 1) × G null groups of s draws each (all G groups, whatever their size, in RRA's loop
    /// order), one stream for all sizes; a group's p is its mid-rank among its size's null. Larger groups use the null
    /// of the largest permuted size, as RRA does.
    /// </summary>
    private static double[] PermutationPValues(int[] sizes, double[] lo, bool[] skip, RraOptions o, double[]? controlPercentiles,
        LogBetaCache betaCache, CancellationToken cancel)
    {
        int groupNum = sizes.Length;
        var p = Enumerable.Repeat(1.0, groupNum).ToArray();
        int passes = o.Permutations ?? 100;
        if (o.Permutations is null && (long)passes * groupNum < 100000) passes = 100000 / groupNum + 1;
        long draws = (long)(passes + 1) * groupNum;
        if (draws > int.MaxValue) throw new UserInputException($"the permutation null would need {draws} draws; reduce the permutations", new InputLocation(Field: "permutations"));
        var distinct = new SortedSet<int>();
        for (int g = 0; g < groupNum; g++)
            if (!skip[g]) distinct.Add(sizes[g]);
        var rng = new ParkMillerRandom(ParkMillerRandom.MageckSeed);
        long consumed = 0;
        double[]? nullLo = null;
        foreach (int s in distinct)
        {
            cancel.ThrowIfCancellationRequested();
            if (s <= o.MaxItemsPermuted || nullLo is null)
            {
                nullLo = NullLoValues(s, (int)draws, rng, consumed, o.MaxPercentile, controlPercentiles, betaCache.For(s), o.Threads, cancel);
                consumed += draws * s;
                Array.Sort(nullLo);
            }
            int m = nullLo.Length;
            for (int g = 0; g < groupNum; g++)
            {
                if (sizes[g] != s || skip[g]) continue;
                int i1 = NearestIndex(lo[g] - Window, nullLo, 0, m - 1);
                int i2 = NearestIndex(lo[g] + Window, nullLo, 0, m - 1);
                p[g] = (double)(i1 + i2 + 1) / 2 / m;
            }
        }
        return p;
    }

    /// <summary>The lo-values of <paramref name="draws"/> null groups of <paramref name="size"/> items, in stream order, drawn in parallel chunks.</summary>
    private static double[] NullLoValues(int size, int draws, ParkMillerRandom start, long consumed, double alpha, double[]? controls,
        double[] logBeta, int? threads, CancellationToken cancel)
    {
        var result = new double[draws];
        int chunks = (draws + ChunkDraws - 1) / ChunkDraws;
        var po = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = threads ?? -1 };
        Parallel.For(0, chunks, po, () => new double[size], (c, _, tmp) =>
        {
            var rng = start;
            rng.Skip(consumed + (long)c * ChunkDraws * size);
            int end = Math.Min(draws, (c + 1) * ChunkDraws);
            int nc = controls?.Length ?? 0;
            for (int d = c * ChunkDraws; d < end; d++)
            {
                for (int k = 0; k < size; k++)
                {
                    double u = rng.Next();
                    if (controls is not null)
                    {
                        int idx = (int)(nc * u);
                        if (idx >= nc) idx = nc - 1;
                        u = controls[idx];
                    }
                    if (size > 32) { tmp[k] = u; continue; }
                    // Insertion sort as we go (RRA sorts each draw before computing its lo-value).
                    int j = k;
                    while (j > 0 && tmp[j - 1] > u) { tmp[j] = tmp[j - 1]; j--; }
                    tmp[j] = u;
                }
                if (size > 32) Array.Sort(tmp);
                result[d] = LoValue(tmp, alpha, logBeta, out int _);
            }
            return tmp;
        }, _ => { });
        return result;
    }

    /// <summary>RRA's bTreeSearchingF: in an ascending array, the index of the element nearest to v (v outside → the end).</summary>
    public static int NearestIndex(double v, double[] a, int lo, int hi)
    {
        while (true)
        {
            if (v <= a[lo]) return lo;
            if (v >= a[hi]) return hi;
            if (hi - lo <= 1) return Math.Abs(a[hi] - v) > Math.Abs(a[lo] - v) ? lo : hi;
            int mid = (lo + hi) / 2;
            if (v >= a[mid]) lo = mid;
            else hi = mid;
        }
    }

    /// <summary>RRA's QuickSortGroupByLoValue (a Hoare-partition quicksort, not stable): its tie order is part of the output.</summary>
    public static void QuickSortByLo(int[] order, double[] lo)
    {
        if (order.Length == 0) return;
        var stack = new Stack<(int, int)>();
        stack.Push((0, order.Length - 1));
        while (stack.Count > 0)
        {
            var (l, h) = stack.Pop();
            if (h < l) continue;
            int i = l, j = h;
            double x = lo[order[(l + h) / 2]];
            while (i <= j)
            {
                while (lo[order[i]] < x && i <= j) i++;
                while (lo[order[j]] > x && i <= j) j--;
                if (i <= j)
                {
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }
            // The two parts are disjoint, so the order they are sorted in does not matter.
            if (l < j) stack.Push((l, j));
            if (i < h) stack.Push((i, h));
        }
    }

    /// <summary>RRA's calculateFDRVector: p·n/rank over the p-values sorted (ties by position), the last capped at 1, then the running minimum from the top.</summary>
    public static double[] BenjaminiHochberg(double[] p)
    {
        int n = p.Length;
        var result = new double[n];
        if (n == 0) return result;
        var idx = Enumerable.Range(0, n).ToArray();
        Array.Sort(idx, (a, b) => p[a] != p[b] ? p[a].CompareTo(p[b]) : a.CompareTo(b));
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = p[idx[i]] / (i + 1.0) * n;
        if (v[n - 1] > 1.0) v[n - 1] = 1.0;
        for (int i = n - 2; i >= 0; i--)
            if (v[i] > v[i + 1]) v[i] = v[i + 1];
        for (int i = 0; i < n; i++) result[idx[i]] = v[i];
        return result;
    }
}
