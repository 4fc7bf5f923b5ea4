using System.Runtime.CompilerServices;

namespace ResLab.Screens.Rra;

/// <summary>
/// LSD radix sort of non-negative doubles by their bit patterns (for them, integer order of the bits is numeric order),
/// 16 bits a pass, skipping passes where every key shares the digit. The permutation nulls have millions of values;
/// this is several times faster than a comparison sort and gives the same array (sorting is unique for equal keys).
/// </summary>
public static class RadixSort
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Positive(double[] values)
    {
        int n = values.Length;
        if (n < 4096)
        {
            Array.Sort(values);
            return;
        }
        var keys = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            double v = values[i];
            if (!(v >= 0) || double.IsNegative(v))
            {
                Array.Sort(values); // not expected (lo-values are in (0, 1]); keep it correct anyway
                return;
            }
            keys[i] = BitConverter.DoubleToUInt64Bits(v);
        }
        var tmp = new ulong[n];
        var count = new int[1 << 16];
        for (int shift = 0; shift < 64; shift += 16)
        {
            Array.Clear(count);
            for (int i = 0; i < n; i++) count[(int)((keys[i] >> shift) & 0xFFFF)]++;
            if (count[(int)((keys[0] >> shift) & 0xFFFF)] == n) continue;
            int sum = 0;
            for (int b = 0; b < count.Length; b++)
            {
                int c = count[b];
                count[b] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) tmp[count[(int)((keys[i] >> shift) & 0xFFFF)]++] = keys[i];
            (keys, tmp) = (tmp, keys);
        }
        for (int i = 0; i < n; i++) values[i] = BitConverter.UInt64BitsToDouble(keys[i]);
    }
}
