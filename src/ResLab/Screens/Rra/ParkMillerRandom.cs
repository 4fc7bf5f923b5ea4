using System.Runtime.CompilerServices;

namespace ResLab.Screens.Rra;

/// <summary>
/// The Lehmer ("minimal standard", Park &amp; Miller 1988, CACM 31:1192) generator x ← 48271·x mod (2³¹ − 1) of Park &amp;
/// Geyer's multi-stream library <c>rngs.c</c>, which MAGeCK's RRA seeds with <c>PlantSeeds(123456)</c> and reads
/// through stream 0 only; <c>Random()</c> returns x / (2³¹ − 1). Ported so that permutation p-values agree with MAGeCK's
/// to the printed digit. <see cref="Skip"/> jumps ahead in O(log n) so that chunks of the stream can be drawn in parallel
/// with the same values as the sequential stream.
/// </summary>
public struct ParkMillerRandom
{
    public const long Modulus = 2147483647;
    public const long Multiplier = 48271;

    /// <summary>The seed MAGeCK's RRA plants before its permutations.</summary>
    public const long MageckSeed = 123456;

    private long _x;

    /// <summary>A stream with state <paramref name="seed"/> (rngs.c PutSeed: a positive seed is taken mod 2³¹ − 1).</summary>
    public ParkMillerRandom(long seed)
    {
        if (seed <= 0) throw new ArgumentOutOfRangeException(nameof(seed), "a positive seed is expected");
        _x = seed % Modulus;
        if (_x == 0) _x = 1;
    }

    public readonly long State => _x;

    /// <summary>The next uniform in (0, 1), as rngs.c Random() (and rvgs.c Uniform(0, 1) = 0 + (1 − 0)·Random()).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Next()
    {
        _x = Multiplier * _x % Modulus;
        return (double)_x / Modulus;
    }

    /// <summary>Advances the stream by <paramref name="n"/> draws: x ← 48271ⁿ·x mod (2³¹ − 1).</summary>
    public void Skip(long n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
        long a = 1, b = Multiplier;
        while (n > 0)
        {
            if ((n & 1) != 0) a = a * b % Modulus;
            b = b * b % Modulus;
            n >>= 1;
        }
        _x = a * _x % Modulus;
    }
}
