using System.Runtime.CompilerServices;

namespace ResLab.Simulation.Random;

/// <summary>
/// Philox4x64-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3", SC'11): a counter-based
/// generator. The output block is a bijective function of (counter, key), so any draw can be computed from its
/// coordinates alone, without state carried from earlier draws. That is ResLab's determinism guarantee: a draw
/// keyed by (seed, replicate, clone, step, purpose) is the same whatever the thread count or processing order.
/// Hand-written because it is the product's guarantee; checked against numpy's Philox (tests).
/// </summary>
public static class Philox
{
    private const ulong M0 = 0xD2E7470EE14C6C93UL;
    private const ulong M1 = 0xCA5A826395121157UL;
    private const ulong W0 = 0x9E3779B97F4A7C15UL;
    private const ulong W1 = 0xBB67AE8584CAA73BUL;

    /// <summary>One 4×64-bit block for counter (c0..c3) and key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(ulong c0, ulong c1, ulong c2, ulong c3, ulong k0, ulong k1,
        out ulong r0, out ulong r1, out ulong r2, out ulong r3)
    {
        for (int round = 0; round < 10; round++)
        {
            ulong hi0 = Math.BigMul(M0, c0, out ulong lo0);
            ulong hi1 = Math.BigMul(M1, c2, out ulong lo1);
            ulong n0 = hi1 ^ c1 ^ k0;
            ulong n2 = hi0 ^ c3 ^ k1;
            c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
            k0 += W0; k1 += W1;
        }
        r0 = c0; r1 = c1; r2 = c2; r3 = c3;
    }
}
