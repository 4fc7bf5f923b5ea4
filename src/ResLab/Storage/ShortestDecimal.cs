using System.Runtime.CompilerServices;

namespace ResLab.Storage;

/// <summary>
/// The shortest decimal digits that read back as a double, and among several such the nearest to it (ties to an even
/// digit) — the digits of .NET's "R" format and of Python's <c>repr</c> — computed with exact 128-bit integer
/// arithmetic for the doubles most tables hold (2^-12 ≤ |x| &lt; 2^53), several times faster than formatting
/// and re-parsing text. It is Ryu's digit loop (Adams 2018, PLDI, doi:10.1145/3192366.3192369) on exactly computed
/// bounds instead of Ryu's multiplication tables: the value and the two midpoints to its neighbours, scaled by a power
/// of ten to integers with a remainder flag each, then the trailing digits dropped while a shorter number still lies
/// between the midpoints (which count as inside when the mantissa is even, as round-half-even parsing reads them).
/// Other doubles return false (the caller formats them exactly the slow way).
/// </summary>
public static class ShortestDecimal
{
    private static readonly UInt128[] Pow10 = MakePow10();

    private static UInt128[] MakePow10()
    {
        var p = new UInt128[22];
        p[0] = 1;
        for (int i = 1; i < p.Length; i++) p[i] = p[i - 1] * 10;
        return p;
    }

    /// <summary>
    /// For 2^-12 ≤ |x| &lt; 2^53: the shortest round-trip digits of |x| as an integer without trailing
    /// zeros, and the power of ten to scale it by (|x| reads back from <paramref name="digits"/> × 10^<paramref name="exp10"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryGet(double x, out ulong digits, out int exp10)
    {
        digits = 0;
        exp10 = 0;
        ulong bits = BitConverter.DoubleToUInt64Bits(x) & 0x7FFF_FFFF_FFFF_FFFFUL;
        int ieeeExponent = (int)(bits >> 52);
        ulong ieeeMantissa = bits & ((1UL << 52) - 1);
        // |x| = m2 · 2^(ieeeExponent − 1075); scaled by 4 so that the midpoints to the neighbours are integers.
        int s = 1075 + 2 - ieeeExponent; // |x| = mv / 2^s
        if (s < 2 || s > 66) return false; // also excludes zero, subnormals, infinities and NaN
        ulong m2 = ieeeMantissa | (1UL << 52);
        bool even = (m2 & 1) == 0;
        ulong mv = 4 * m2;
        ulong mp = mv + 2;
        ulong mm = mv - (ieeeMantissa != 0 || ieeeExponent <= 1 ? 2UL : 1UL); // the gap below a power of two is half
        // 10^k / 2^s ≥ 10: the interval between the midpoints spans at least 30 units, and mv·10^k < 2^55·10^21 < 2^128.
        int k = ((s * 78913) >> 18) + 2;
        if (k > 21) return false;
        UInt128 p10 = Pow10[k], mask = (UInt128.One << s) - 1;
        UInt128 r = mv * p10, up = mp * p10, down = mm * p10;
        ulong vr = (ulong)(r >> s), vp = (ulong)(up >> s), vm = (ulong)(down >> s);
        bool vrIsTrailingZeros = (r & mask) == 0;
        bool vmIsTrailingZeros = even && (down & mask) == 0;
        if (!even && (up & mask) == 0) vp--; // the upper midpoint itself reads back as the neighbour above

        int removed = 0;
        int lastRemovedDigit = 0;
        // drops the last digit of the value and of both bounds, remembering what the value lost
        void Drop()
        {
            vrIsTrailingZeros &= lastRemovedDigit == 0;
            lastRemovedDigit = (int)(vr % 10);
            vr /= 10;
            vp /= 10;
            vm /= 10;
            removed++;
        }
        while (vp / 10 > vm / 10)
        {
            vmIsTrailingZeros &= vm % 10 == 0;
            Drop();
        }
        if (vmIsTrailingZeros)
            while (vm % 10 == 0) Drop();
        if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) lastRemovedDigit = 4; // exactly half: to even
        ulong output = vr + ((vr == vm && (!even || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        int e = removed - k;
        while (output % 10 == 0)
        {
            output /= 10;
            e++;
        }
        digits = output;
        exp10 = e;
        return true;
    }
}
