using System.Runtime.CompilerServices;

namespace ResLab.Simulation.Random;

/// <summary>
/// A stream of random numbers keyed by (seed, replicate) and addressed by (purpose, clone, step): Philox blocks
/// with counter (index, purpose, clone, step), key (seed, replicate mixed). A mutable struct: pass it by ref.
/// Two streams with different coordinates are independent; the same coordinates always give the same numbers.
/// </summary>
public struct RandomStream
{
    private readonly ulong _k0, _k1, _c1, _c2, _c3;
    private ulong _index;
    private ulong _b0, _b1, _b2, _b3;
    private int _pos;
    private double _spareNormal;
    private bool _hasSpare;

    public RandomStream(ulong seed, ulong replicate, StreamPurpose purpose, ulong clone, ulong step)
    {
        _k0 = seed;
        _k1 = Mix(replicate ^ 0x5851F42D4C957F2DUL);
        _c1 = (ulong)purpose;
        _c2 = clone;
        _c3 = step;
        _index = 0;
        _b0 = _b1 = _b2 = _b3 = 0;
        _pos = 4;
        _spareNormal = 0;
        _hasSpare = false;
    }

    /// <summary>SplitMix64's finaliser (Steele et al. 2014): a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        if (_pos == 4) Refill();
        return _pos++ switch { 0 => _b0, 1 => _b1, 2 => _b2, _ => _b3 };
    }

    private void Refill()
    {
        Philox.Block(_index, _c1, _c2, _c3, _k0, _k1, out _b0, out _b1, out _b2, out _b3);
        _index++;
        _pos = 0;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform on (0, 1): never 0, so its logarithm is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenDouble() => ((NextUInt64() >> 12) + 0.5) * (1.0 / 4503599627370496.0);

    /// <summary>Standard exponential.</summary>
    public double NextExponential() => -Math.Log(NextOpenDouble());

    /// <summary>Standard normal (Marsaglia's polar method; the second value is kept for the next call).</summary>
    public double NextNormal()
    {
        if (_hasSpare) { _hasSpare = false; return _spareNormal; }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>Uniform integer in [0, n) (Lemire's nearly divisionless method).</summary>
    public long NextLong(long n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        ulong un = (ulong)n;
        ulong hi = Math.BigMul(NextUInt64(), un, out ulong lo);
        if (lo < un)
        {
            ulong t = (0 - un) % un;
            while (lo < t) hi = Math.BigMul(NextUInt64(), un, out lo);
        }
        return (long)hi;
    }
}
