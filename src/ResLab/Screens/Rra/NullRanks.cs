using System.Runtime.CompilerServices;

namespace ResLab.Screens.Rra;

/// <summary>
/// Answers RRA's nearest-index searches (<see cref="RobustRankAggregation.NearestIndex"/>) in a sorted permutation
/// null for a set of query values fixed in advance, without storing or sorting the null: each null value only adds to
/// the count, minimum and maximum of the interval between two consecutive queries it falls in. For a query that no
/// null value equals (<see cref="ExactHit"/> false), the number of values below it and its two neighbours determine
/// RRA's answer exactly. Values are located among the queries through buckets of their leading bits. They are
/// buffered and added in bucket order (a counting sort by the top bits of the bucket), so that a run of additions
/// touches a small, cached part of the query and interval arrays instead of a random line of megabytes each time —
/// the sums and extremes do not depend on the order.
/// </summary>
public sealed class NullRanks
{
    private const int MaxBuckets = 1 << 15; // 128 KB of bucket starts: stays in the cache

    private readonly double[] _q;          // sorted distinct queries
    private readonly int[] _bucketStart;   // first query index of each bucket (one more entry at the end)
    private readonly ulong _base;          // bit pattern of the smallest positive query
    private readonly int _shift;           // bits per bucket
    private readonly int _binShift;        // buckets per bin of the buffered additions (a power of two)
    private const int MaxBins = 1 << 8;    // the scatter's 256 output streams stay in the first-level cache
    private const int Buffer = 1 << 17;    // values buffered per tally before they are added
    private long[] _count = [];            // per interval j (between q[j−1] and q[j]), j = 0..Q
    private double[] _min = [], _max = [];
    private long _total;

    public bool ExactHit { get; private set; }

    public NullRanks(IEnumerable<double> queries)
    {
        var q = queries.ToArray();
        Array.Sort(q);
        int n = 0;
        for (int i = 0; i < q.Length; i++)
            if (n == 0 || q[i] != q[n - 1]) q[n++] = q[i];
        _q = q[..n];
        // Buckets of equal width in the bit patterns between the smallest positive query and the largest, at most 2^15.
        ulong lo = ulong.MaxValue, hi = 0;
        foreach (var x in _q)
            if (x > 0) { ulong b = BitConverter.DoubleToUInt64Bits(x); lo = Math.Min(lo, b); hi = Math.Max(hi, b); }
        if (lo > hi) lo = hi = 0;
        _base = lo;
        _shift = 0;
        while (((hi - lo) >> _shift) >= MaxBuckets - 1) _shift++;
        int buckets = (int)((hi - lo) >> _shift) + 2;
        _bucketStart = new int[buckets + 1];
        while ((buckets >> _binShift) >= MaxBins) _binShift++;
        int j = 0;
        for (int b = 0; b <= buckets; b++)
        {
            while (j < _q.Length && Bucket(_q[j]) < b) j++;
            _bucketStart[b] = j;
        }
    }

    private int Bucket(double x) => BucketOf(x, _base, _shift, _bucketStart.Length - 2);

    /// <summary>Count and extremes of the null values between two consecutive queries.</summary>
    internal struct Interval
    {
        public long Count;
        public double Min, Max;
    }

    /// <summary>Per-thread tallies, merged with <see cref="Merge"/> (sums and extremes: the result does not depend on the split).</summary>
    public sealed class Tally
    {
        internal readonly Interval[] Intervals;
        internal bool Hit;
        internal readonly double[] Pending = new double[Buffer];
        internal int PendingCount;
        internal readonly double[] Sorted = new double[Buffer];
        internal readonly int[] Buckets = new int[Buffer], SortedBuckets = new int[Buffer];
        internal readonly int[] BinStart = new int[MaxBins + 1];

        internal Tally(int intervals)
        {
            Intervals = new Interval[intervals];
            Array.Fill(Intervals, new Interval { Min = double.PositiveInfinity, Max = double.NegativeInfinity });
        }
    }

    public Tally NewTally() => new(_q.Length + 1);

    /// <summary>Adds a null value to a tally (buffered; <see cref="Flush"/> or <see cref="Merge"/> completes it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Tally t, double x)
    {
        t.Pending[t.PendingCount++] = x;
        if (t.PendingCount == Buffer) Flush(t);
    }

    /// <summary>Adds the buffered values, in bucket-bin order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Flush(Tally t)
    {
        int n = t.PendingCount;
        if (n == 0) return;
        var pending = t.Pending;
        var buckets = t.Buckets;
        var start = t.BinStart;
        Array.Clear(start);
        int shift = _binShift;
        // Each value's bucket once (the fields in locals: the loops touch only the tally's arrays and the queries).
        ulong @base = _base;
        int bucketShift = _shift, last = _bucketStart.Length - 2;
        for (int i = 0; i < n; i++)
        {
            int b = BucketOf(pending[i], @base, bucketShift, last);
            buckets[i] = b;
            start[(b >> shift) + 1]++;
        }
        for (int k = 1; k < start.Length; k++) start[k] += start[k - 1];
        var sorted = t.Sorted;
        var sortedBuckets = t.SortedBuckets;
        for (int i = 0; i < n; i++)
        {
            int b = buckets[i];
            int at = start[b >> shift]++;
            sorted[at] = pending[i];
            sortedBuckets[at] = b;
        }
        var q = _q;
        var bucketStart = _bucketStart;
        var intervals = t.Intervals;
        bool hit = false;
        for (int i = 0; i < n; i++)
        {
            double x = sorted[i];
            int b = sortedBuckets[i];
            int lo = bucketStart[b], end = bucketStart[b + 1], hi = end;
            // The first query ≥ x: queries of earlier buckets are below x, those of later buckets above it (so only a
            // query of x's own bucket can equal it, and most buckets hold none: the query array is not touched then).
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (q[mid] < x) lo = mid + 1;
                else hi = mid;
            }
            if (lo < end && q[lo] == x) hit = true;
            ref var iv = ref intervals[lo];
            iv.Count++;
            if (x < iv.Min) iv.Min = x;
            if (x > iv.Max) iv.Max = x;
        }
        if (hit) t.Hit = true;
        t.PendingCount = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BucketOf(double x, ulong @base, int shift, int last)
    {
        if (!(x > 0)) return 0;
        ulong bits = BitConverter.DoubleToUInt64Bits(x);
        if (bits <= @base) return 0;
        ulong b = (bits - @base) >> shift;
        return b >= (ulong)last ? last : (int)b;
    }

    public void Merge(IEnumerable<Tally> tallies)
    {
        int n = _q.Length + 1;
        _count = new long[n];
        _min = new double[n];
        _max = new double[n];
        Array.Fill(_min, double.PositiveInfinity);
        Array.Fill(_max, double.NegativeInfinity);
        foreach (var t in tallies)
        {
            Flush(t);
            ExactHit |= t.Hit;
            for (int j = 0; j < n; j++)
            {
                var iv = t.Intervals[j];
                _count[j] += iv.Count;
                if (iv.Min < _min[j]) _min[j] = iv.Min;
                if (iv.Max > _max[j]) _max[j] = iv.Max;
            }
        }
        _total = _count.Sum();
        // Prefix counts, the largest value below each query, the smallest above.
        _below = new long[_q.Length];
        _lowNeighbour = new double[_q.Length];
        _highNeighbour = new double[_q.Length];
        long c = 0;
        double last = double.NaN;
        for (int j = 0; j < _q.Length; j++)
        {
            c += _count[j];
            if (_count[j] > 0) last = _max[j];
            _below[j] = c;
            _lowNeighbour[j] = last;
        }
        double next = double.NaN;
        for (int j = _q.Length - 1; j >= 0; j--)
        {
            if (_count[j + 1] > 0) next = _min[j + 1];
            _highNeighbour[j] = next;
        }
    }

    private long[] _below = [];
    private double[] _lowNeighbour = [], _highNeighbour = [];

    /// <summary>Number of null values.</summary>
    public long Total => _total;

    /// <summary>RRA's bTreeSearchingF(v) on the sorted null, for a query given at construction.</summary>
    public long NearestIndex(double v)
    {
        int j = Array.BinarySearch(_q, v);
        if (j < 0) throw new ArgumentException("not one of the queries", nameof(v));
        long k = _below[j];
        if (k == 0) return 0;
        if (k == _total) return _total - 1;
        return Math.Abs(_highNeighbour[j] - v) > Math.Abs(_lowNeighbour[j] - v) ? k - 1 : k;
    }
}
