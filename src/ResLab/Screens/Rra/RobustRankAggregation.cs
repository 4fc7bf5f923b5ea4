using System.Runtime.CompilerServices;

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
    private const int ChunkDraws = 1 << 14;

    /// <summary>One list's groups, percentiles and observed lo-values (RRA's ProcessGroups).</summary>
    private sealed class Prepared
    {
        public required RraOptions Options { get; init; }
        public required string[] Names { get; init; }
        public required int[] Sizes { get; init; }
        public required double[] Lo { get; init; }
        public required int[] Good { get; init; }
        public required bool[] Skipped { get; init; }
        public required double[]? ControlPercentiles { get; init; }
        public double[] P { get; set; } = [];

        public int Passes => Options.Permutations ?? ((long)100 * Names.Length < 100000 ? 100000 / Names.Length + 1 : 100);

        /// <summary>The permuted sizes and the draws per size: lists with the same plan consume the same random numbers.</summary>
        public (int Passes, int Groups, int Max, string Sizes) Plan =>
            (Passes, Names.Length, Options.MaxItemsPermuted, string.Join(',', Sizes.Where((_, g) => !Skipped[g]).Distinct().Order()));
    }

    public static IReadOnlyList<RraGroup> Run(IReadOnlyList<RraItem> items, RraOptions o, CancellationToken cancel = default) =>
        RunMany([(items, o)], cancel)[0];

    /// <summary>
    /// Several RRA runs (e.g. MAGeCK's negative and positive selection). Each is exactly a separate RRA program run; runs
    /// with the same groups and sizes consume the same seeded random numbers, so their nulls are drawn together.
    /// </summary>
    public static IReadOnlyList<RraGroup>[] RunMany(IReadOnlyList<(IReadOnlyList<RraItem> Items, RraOptions Options)> lists, CancellationToken cancel = default)
    {
        var prepared = new Prepared?[lists.Count];
        Parallel.For(0, lists.Count, k => prepared[k] = Prepare(lists[k].Items, lists[k].Options));
        foreach (var group in prepared.Where(p => p is not null).GroupBy(p => p!.Plan))
            PermutationPValues(group.Select(p => p!).ToArray(), cancel);
        var results = new IReadOnlyList<RraGroup>[lists.Count];
        Parallel.For(0, lists.Count, k => results[k] = prepared[k] is { } p ? Finish(p) : []);
        return results;
    }

    private static Prepared? Prepare(IReadOnlyList<RraItem> items, RraOptions o)
    {
        int n = items.Count;
        if (n == 0) return null;
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
        const int block = 8192; // each item's percentile depends on it alone: computed in parallel blocks
        Parallel.For(0, (n + block - 1) / block, b =>
        {
            for (int i = b * block, end = Math.Min(n, i + block); i < end; i++)
            {
                int i1 = NearestIndex(items[i].Value - Window, sorted, 0, n - 1);
                int i2 = NearestIndex(items[i].Value + Window, sorted, 0, n - 1);
                percentile[i] = ((double)i1 + i2 + 1) / (n * 2);
            }
        });

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
        for (int g = 0; g < groupNum; g++)
        {
            var m = members[g];
            for (int k = 0; k < m.Count; k++) scratch[k] = percentile[m[k]];
            Array.Sort(scratch, 0, m.Count);
            lo[g] = LoValue(scratch.AsSpan(0, m.Count), o.MaxPercentile, LogBetas(m.Count), out good[g]);
        }
        return new Prepared
        {
            Options = o, Names = names.ToArray(), Sizes = members.Select(m => m.Count).ToArray(), Lo = lo, Good = good, Skipped = skip,
            ControlPercentiles = controlPercentiles,
        };
    }

    private static RraGroup[] Finish(Prepared p)
    {
        // RRA sorts the groups by lo with its own quicksort, then adjusts the p-values in that order.
        int groupNum = p.Names.Length;
        var order = new int[groupNum];
        for (int g = 0; g < groupNum; g++) order[g] = g;
        QuickSortByLo(order, p.Lo);
        var pInOrder = new double[groupNum];
        for (int r = 0; r < groupNum; r++) pInOrder[r] = p.P[order[r]];
        var fdr = BenjaminiHochberg(pInOrder);
        var result = new RraGroup[groupNum];
        for (int r = 0; r < groupNum; r++)
        {
            int g = order[r];
            result[r] = new RraGroup(p.Names[g], p.Sizes[g], p.Lo[g], p.P[g], fdr[r], p.Good[g], p.Skipped[g]);
        }
        return result;
    }

    /// <summary>
    /// RRA's lo-value of one group from its sorted percentiles: min over k of BetaCDF(u₍ₖ₎; k, n − k + 1), scanning while
    /// u₍ₖ₎ ≤ α (the first item always counts). <paramref name="good"/> is the number of percentiles ≤ α before the first above.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, double[]> LogBetaBySize = new();

    /// <summary>log B(k + 1, n − k) for k = 0..n−1 (RRA recomputes them for every call; the values are the same).</summary>
    internal static double[] LogBetas(int n) => LogBetaBySize.GetOrAdd(n, static n =>
    {
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = OrderStatisticBeta.LogBeta(i + 1, n - i);
        return a;
    });

    /// <summary>
    /// RRA's ComputePermutationbyNumSG for lists that share a plan: for each distinct group size s ≤
    /// <see cref="RraOptions.MaxItemsPermuted"/> in ascending order, (passes + 1) × G null groups of s draws each (all G
    /// groups, whatever their size, in RRA's loop order), one stream for all sizes; a group's p is its mid-rank among
    /// its size's null. Larger groups use the null of the largest permuted size, as RRA does.
    /// </summary>
    private static void PermutationPValues(Prepared[] lists, CancellationToken cancel)
    {
        var first = lists[0];
        int groupNum = first.Names.Length;
        foreach (var l in lists) l.P = Enumerable.Repeat(1.0, groupNum).ToArray();
        long draws = (long)(first.Passes + 1) * groupNum;
        if (draws > int.MaxValue) throw new UserInputException($"the permutation null would need {draws} draws; reduce the permutations", new InputLocation(Field: "permutations"));
        var distinct = new SortedSet<int>();
        for (int g = 0; g < groupNum; g++)
            if (!first.Skipped[g]) distinct.Add(first.Sizes[g]);
        // Which null each size uses: its own when permuted, else (more than MaxItemsPermuted items) the null of the
        // largest permuted size, as RRA reuses its last array; ResLab permutes a size when no null exists yet.
        var nullOf = new Dictionary<int, int>();
        int? lastPermuted = null;
        foreach (int s in distinct)
        {
            if (s <= first.Options.MaxItemsPermuted || lastPermuted is null) lastPermuted = s;
            nullOf[s] = lastPermuted.Value;
        }
        var start = new ParkMillerRandom(ParkMillerRandom.MageckSeed);
        long consumed = 0;
        foreach (int s in distinct.Where(s => nullOf[s] == s))
        {
            cancel.ThrowIfCancellationRequested();
            // Each list orders its groups by first appearance, so each has its own indices.
            var genes = lists.Select(l => Enumerable.Range(0, groupNum).Where(g => !l.Skipped[g] && nullOf[l.Sizes[g]] == s).ToArray()).ToArray();
            var ranks = lists.Select((l, k) => new NullRanks(genes[k].SelectMany(g => new[] { l.Lo[g] - Window, l.Lo[g] + Window }))).ToArray();
            NullLoValues(lists, s, (int)draws, start, consumed, ranks, cancel);
            if (ranks.Any(r => r.ExactHit))
            {
                // A null value equals a query: count as RRA does, on the stored and sorted null.
                var nulls = NullLoValues(lists, s, (int)draws, start, consumed, null, cancel)!;
                for (int k = 0; k < lists.Length; k++)
                {
                    Array.Sort(nulls[k]);
                    int m = nulls[k].Length;
                    foreach (var g in genes[k])
                    {
                        long i1 = NearestIndex(lists[k].Lo[g] - Window, nulls[k], 0, m - 1), i2 = NearestIndex(lists[k].Lo[g] + Window, nulls[k], 0, m - 1);
                        lists[k].P[g] = (double)(i1 + i2 + 1) / 2 / m;
                    }
                }
            }
            else
                for (int k = 0; k < lists.Length; k++)
                    foreach (var g in genes[k])
                    {
                        long i1 = ranks[k].NearestIndex(lists[k].Lo[g] - Window), i2 = ranks[k].NearestIndex(lists[k].Lo[g] + Window);
                        lists[k].P[g] = (double)(i1 + i2 + 1) / 2 / ranks[k].Total;
                    }
            consumed += draws * s;
        }
    }

    /// <summary>
    /// The lo-values of <paramref name="draws"/> null groups of <paramref name="size"/> items for each list, in stream
    /// order, drawn in parallel chunks (the stream is skipped ahead to each chunk). Lists without controls share the
    /// sorted draws and the order-statistic terms; each keeps its own α.
    /// </summary>
    private static double[][]? NullLoValues(Prepared[] lists, int size, int draws, ParkMillerRandom start, long consumed, NullRanks[]? ranks, CancellationToken cancel)
    {
        int nl = lists.Length;
        // Without queries the values are stored (the exact fallback); with them each chunk tallies into its thread's counts.
        var result = ranks is null ? Enumerable.Range(0, nl).Select(_ => new double[draws]).ToArray() : null;
        var alphas = lists.Select(l => l.Options.MaxPercentile).ToArray();
        var controls = lists.Select(l => l.ControlPercentiles).ToArray();
        bool shared = controls.All(c => c is null);
        var logBeta = LogBetas(size);
        int chunks = (draws + ChunkDraws - 1) / ChunkDraws;
        var po = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = lists.Min(l => l.Options.Threads) ?? -1 };
        // Worker states (megabytes of tallies and buffers each) are reused by later workers of the loop instead of
        // made anew: the tallies only add up, so which worker drew which chunk does not matter.
        var pool = new System.Collections.Concurrent.ConcurrentBag<ChunkState>();
        var states = new List<ChunkState>();
        Parallel.For(0, chunks, po, () =>
        {
            if (pool.TryTake(out var st)) return st;
            st = new ChunkState(size, nl, ChunkDraws, ranks);
            lock (states) states.Add(st);
            return st;
        }, (c, _, st) =>
        {
            int from = c * ChunkDraws, count = Math.Min(draws, from + ChunkDraws) - from;
            NullChunk(c, draws, size, start, consumed, shared, alphas, controls, logBeta, st.Lo, st.U, st.V, st.Estimates, st.Exact);
            for (int k = 0; k < nl; k++)
            {
                if (result is not null) Array.Copy(st.Lo[k], 0, result[k], from, count);
                else
                {
                    var lo = st.Lo[k];
                    for (int d = 0; d < count; d++) ranks![k].Add(st.Tallies![k], lo[d]);
                }
            }
            return st;
        }, st =>
        {
            if (st.Tallies is not null)
                for (int k = 0; k < nl; k++) ranks![k].Flush(st.Tallies[k]); // on this worker, not in the merge
            pool.Add(st);
        });
        if (ranks is not null)
            for (int k = 0; k < nl; k++) ranks[k].Merge(states.Select(t => t.Tallies![k]));
        return result;
    }

    private sealed class ChunkState(int size, int lists, int chunk, NullRanks[]? ranks)
    {
        public readonly double[] U = new double[size], V = new double[size], Estimates = new double[size], Exact = new double[size];
        public readonly double[][] Lo = Enumerable.Range(0, lists).Select(_ => new double[chunk]).ToArray();
        public readonly NullRanks.Tally[]? Tallies = ranks?.Select(r => r.NewTally()).ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NullChunk(int c, int draws, int size, ParkMillerRandom start, long consumed, bool shared, double[] alphas, double[]?[] controls,
        double[] logBeta, double[][] result, double[] u, double[] v, double[] est, double[] exact)
    {
        int nl = alphas.Length;
        double maxAlpha = double.NegativeInfinity;
        foreach (var a in alphas) maxAlpha = Math.Max(maxAlpha, a);
        var bounds = OrderStatisticBounds.For(size);
        var rng = start;
        rng.Skip(consumed + (long)c * ChunkDraws * size);
        int end = Math.Min(draws, (c + 1) * ChunkDraws);
        for (int d = c * ChunkDraws; d < end; d++)
        {
            for (int j = 0; j < size; j++) u[j] = rng.Next();
            if (shared)
            {
                SortSmall(u);
                SharedLo(u, alphas, maxAlpha, logBeta, bounds, est, exact, result, d - c * ChunkDraws);
                continue;
            }
            for (int k = 0; k < nl; k++)
            {
                var map = controls[k];
                if (map is null) u.CopyTo(v, 0);
                else
                    for (int j = 0; j < size; j++)
                    {
                        int idx = (int)(map.Length * u[j]);
                        if (idx >= map.Length) idx = map.Length - 1;
                        v[j] = map[idx];
                    }
                SortSmall(v);
                result[k][d - c * ChunkDraws] = bounds is null ? LoValue(v, alphas[k], logBeta, out int _) : NullLo(v, alphas[k], logBeta, bounds, est, exact);
            }
        }
    }

    /// <summary>The lo-value of one sorted draw for several α at once: the same terms, each α's own prefix.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SharedLo(double[] u, double[] alphas, double maxAlpha, double[] logBeta, OrderStatisticBounds? bounds, double[] est, double[] exact,
        double[][] result, int d)
    {
        int num = u.Length;
        if (alphas.Length == 1)
        {
            result[0][d] = bounds is null ? LoValue(u, alphas[0], logBeta, out int _) : NullLo(u, alphas[0], logBeta, bounds, est, exact);
            return;
        }
        if (bounds is not null)
        {
            // Estimates of the terms in play, then each α's minimum from the exact terms that can attain it.
            int m = Estimate(u, maxAlpha, bounds, est, exact);
            for (int k = 0; k < alphas.Length; k++)
                result[k][d] = PrefixMinimum(u, alphas[k], m, est, exact, logBeta);
            return;
        }
        for (int k = 0; k < alphas.Length; k++) result[k][d] = 1.0;
        for (int i = 0; i < num; i++)
        {
            double x = u[i];
            if (i > 0 && x > maxAlpha) break;
            double f = OrderStatisticBeta.Cdf(x, i + 1, num - i, logBeta[i]);
            for (int k = 0; k < alphas.Length; k++)
                if ((i == 0 || x <= alphas[k]) && f < result[k][d]) result[k][d] = f;
        }
    }

    /// <summary><see cref="LoValue"/> of a sorted null draw (the same double), computing exactly only the terms that can be its minimum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double NullLo(double[] u, double alpha, double[] logBeta, OrderStatisticBounds bounds, double[] est, double[] exact) =>
        PrefixMinimum(u, alpha, Estimate(u, alpha, bounds, est, exact), est, exact, logBeta);

    /// <summary>Estimates of the terms RRA scans for the largest α (the first, and those ≤ α); returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Estimate(double[] u, double maxAlpha, OrderStatisticBounds bounds, double[] est, double[] exact)
    {
        int m = 0;
        for (int i = 0; i < u.Length; i++)
        {
            if (i > 0 && u[i] > maxAlpha) break;
            est[i] = bounds.Term(i, u[i]);
            exact[i] = double.NaN;
            m++;
        }
        return m;
    }

    /// <summary>
    /// min(1, min over RRA's prefix for α of the exact terms): every term whose estimate is within the tolerance of
    /// the prefix's smallest estimate is computed exactly (cached in <paramref name="exact"/>); the others are larger.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double PrefixMinimum(double[] u, double alpha, int m, double[] est, double[] exact, double[] logBeta)
    {
        int num = u.Length;
        int len = 1;
        while (len < m && u[len] <= alpha) len++;
        double smallest = est[0];
        for (int i = 1; i < len; i++) if (est[i] < smallest) smallest = est[i];
        double limit = smallest * (1 + OrderStatisticBounds.Tolerance), best = 1.0;
        for (int i = 0; i < len; i++)
        {
            if (!(est[i] <= limit)) continue;
            if (double.IsNaN(exact[i])) exact[i] = OrderStatisticBeta.Cdf(u[i], i + 1, num - i, logBeta[i]);
            if (exact[i] < best) best = exact[i];
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SortSmall(double[] a)
    {
        if (a.Length == 4)
        {
            // A sorting network (5 compare-exchanges); the sorted array is the same.
            double a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], t;
            if (a1 < a0) { t = a0; a0 = a1; a1 = t; }
            if (a3 < a2) { t = a2; a2 = a3; a3 = t; }
            if (a2 < a0) { t = a0; a0 = a2; a2 = t; }
            if (a3 < a1) { t = a1; a1 = a3; a3 = t; }
            if (a2 < a1) { t = a1; a1 = a2; a2 = t; }
            a[0] = a0; a[1] = a1; a[2] = a2; a[3] = a3;
            return;
        }
        if (a.Length > 24)
        {
            Array.Sort(a);
            return;
        }
        for (int i = 1; i < a.Length; i++)
        {
            double x = a[i];
            int j = i;
            while (j > 0 && a[j - 1] > x) { a[j] = a[j - 1]; j--; }
            a[j] = x;
        }
    }

    /// <summary>RRA's bTreeSearchingF: in an ascending array, the index of the element nearest to v (v outside → the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
