using System.Runtime.CompilerServices;

namespace ResLab.Screens.DrugZ;

/// <summary>
/// numpy 1.24's <c>argsort(kind='quicksort')</c> — an introsort (median-of-three quicksort, insertion sort up to 16
/// elements, heapsort past 2·log2 n levels) that is not stable — and pandas 1.5's <c>sort_values</c> built on it
/// (descending = reverse, argsort, reverse). DrugZ sorts guides by read count with it, and read counts tie often, so
/// the order of tied guides decides which guides share a variance window; reproducing it is what makes DrugZ's
/// numbers reproducible to 1e-6. Ported from the algorithm's description in numpy (npysort/quicksort.cpp).
/// </summary>
public static class NumpyArgsort
{
    private const int SmallQuicksort = 15;

    /// <summary>The permutation numpy's <c>v.argsort(kind='quicksort')</c> returns (NaNs last).</summary>
    public static int[] Argsort(ReadOnlySpan<double> v)
    {
        var idx = new int[v.Length];
        for (int i = 0; i < idx.Length; i++) idx[i] = i;
        if (idx.Length > 1) Sort(v, idx);
        return idx;
    }

    /// <summary>pandas' <c>nargsort</c>: the row order of <c>sort_values(ascending)</c> for a column without missing values.</summary>
    public static int[] SortValues(ReadOnlySpan<double> v, bool ascending)
    {
        if (ascending) return Argsort(v);
        int n = v.Length;
        var reversed = new double[n];
        for (int i = 0; i < n; i++) reversed[i] = v[n - 1 - i];
        var a = Argsort(reversed);
        var result = new int[n];
        for (int i = 0; i < n; i++) result[i] = n - 1 - a[n - 1 - i];
        return result;
    }

    private static bool Less(double a, double b) => a < b || (double.IsNaN(b) && !double.IsNaN(a));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sort(ReadOnlySpan<double> v, int[] t)
    {
        int num = t.Length;
        int pl = 0, pr = num - 1;
        var stack = new int[256];
        var depth = new int[128];
        int sp = 0, dp = 0;
        int cdepth = MostSignificantBit(num) * 2;
        for (;;)
        {
            if (cdepth < 0)
            {
                HeapSort(v, t, pl, pr - pl + 1);
                goto pop;
            }
            while (pr - pl > SmallQuicksort)
            {
                int pm = pl + ((pr - pl) >> 1);
                if (Less(v[t[pm]], v[t[pl]])) Swap(t, pm, pl);
                if (Less(v[t[pr]], v[t[pm]])) Swap(t, pr, pm);
                if (Less(v[t[pm]], v[t[pl]])) Swap(t, pm, pl);
                double vp = v[t[pm]];
                int pi = pl, pj = pr - 1;
                Swap(t, pm, pj);
                for (;;)
                {
                    do ++pi; while (Less(v[t[pi]], vp));
                    do --pj; while (Less(vp, v[t[pj]]));
                    if (pi >= pj) break;
                    Swap(t, pi, pj);
                }
                Swap(t, pi, pr - 1);
                // Push the larger partition, continue with the smaller.
                if (pi - pl < pr - pi)
                {
                    stack[sp++] = pi + 1;
                    stack[sp++] = pr;
                    pr = pi - 1;
                }
                else
                {
                    stack[sp++] = pl;
                    stack[sp++] = pi - 1;
                    pl = pi + 1;
                }
                depth[dp++] = --cdepth;
            }
            for (int pi = pl + 1; pi <= pr; ++pi)
            {
                int vi = t[pi];
                double vv = v[vi];
                int pj = pi, pk = pi - 1;
                while (pj > pl && Less(vv, v[t[pk]])) t[pj--] = t[pk--];
                t[pj] = vi;
            }
            pop:
            if (sp == 0) break;
            pr = stack[--sp];
            pl = stack[--sp];
            cdepth = depth[--dp];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HeapSort(ReadOnlySpan<double> v, int[] t, int offset, int n)
    {
        // 1-based heap over t[offset .. offset + n - 1].
        int A(int k) => t[offset + k - 1];
        void Set(int k, int value) => t[offset + k - 1] = value;
        int i, j, tmp;
        for (int l = n >> 1; l > 0; --l)
        {
            tmp = A(l);
            for (i = l, j = l << 1; j <= n;)
            {
                if (j < n && Less(v[A(j)], v[A(j + 1)])) j += 1;
                if (Less(v[tmp], v[A(j)])) { Set(i, A(j)); i = j; j += j; }
                else break;
            }
            Set(i, tmp);
        }
        for (; n > 1;)
        {
            tmp = A(n);
            Set(n, A(1));
            n -= 1;
            for (i = 1, j = 2; j <= n;)
            {
                if (j < n && Less(v[A(j)], v[A(j + 1)])) j++;
                if (Less(v[tmp], v[A(j)])) { Set(i, A(j)); i = j; j += j; }
                else break;
            }
            Set(i, tmp);
        }
    }

    private static int MostSignificantBit(int n)
    {
        int d = 0;
        uint u = (uint)n;
        while ((u >>= 1) != 0) d++;
        return d;
    }

    private static void Swap(int[] t, int a, int b) => (t[a], t[b]) = (t[b], t[a]);
}
