namespace ResLab.Analysis.Synergy;

/// <summary>
/// R's default random numbers, bit for bit: <c>set.seed(seed)</c> with the Mersenne-Twister generator
/// (RNGkind "Mersenne-Twister", R's seeding by the linear congruential scrambler) and <c>rnorm</c> by "Inversion"
/// (two uniforms joined to 2^-27 resolution, then <c>qnorm</c>, Wichura's AS241). SynergyFinder bootstraps replicated
/// blocks with <c>set.seed(123)</c>; with this stream ResLab draws exactly the numbers R draws. Checked against R
/// 4.2.2's <c>set.seed(123); runif(); rnorm()</c> in the tests.
/// </summary>
public sealed class RNormalStream
{
    private const int N = 624, M = 397;
    private const uint MatrixA = 0x9908b0df, UpperMask = 0x80000000, LowerMask = 0x7fffffff;
    private const double I2To32M1 = 2.328306437080797e-10; // 1/(2^32 − 1)
    private readonly uint[] _mt = new uint[N];
    private int _mti;

    /// <summary>The state after R's <c>set.seed(seed)</c>.</summary>
    public RNormalStream(int seed)
    {
        uint s = unchecked((uint)seed);
        for (int j = 0; j < 50; j++) s = unchecked(69069 * s + 1);
        // R's RNG_Init fills dummy[0..624] (dummy[0] is mti, then the 624 state words) and FixupSeeds sets mti = 624.
        s = unchecked(69069 * s + 1);
        for (int j = 0; j < N; j++)
        {
            s = unchecked(69069 * s + 1);
            _mt[j] = s;
        }
        _mti = N;
    }

    private double Genrand()
    {
        uint y;
        if (_mti >= N)
        {
            int kk;
            for (kk = 0; kk < N - M; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + M] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0);
            }
            for (; kk < N - 1; kk++)
            {
                y = (_mt[kk] & UpperMask) | (_mt[kk + 1] & LowerMask);
                _mt[kk] = _mt[kk + (M - N)] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0);
            }
            y = (_mt[N - 1] & UpperMask) | (_mt[0] & LowerMask);
            _mt[N - 1] = _mt[M - 1] ^ (y >> 1) ^ ((y & 1) != 0 ? MatrixA : 0);
            _mti = 0;
        }
        y = _mt[_mti++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y * 2.3283064365386963e-10;
    }

    /// <summary>R's unif_rand(): a uniform in (0, 1).</summary>
    public double NextUniform()
    {
        double v = Genrand();
        if (v <= 0) return 0.5 * I2To32M1;
        if (1 - v <= 0) return 1 - 0.5 * I2To32M1;
        return v;
    }

    /// <summary>R's norm_rand() with normal.kind "Inversion".</summary>
    public double NextStandardNormal()
    {
        const double big = 134217728; // 2^27
        double u = NextUniform();
        u = (int)(big * u) + NextUniform();
        return QNorm(u / big);
    }

    /// <summary>R's rnorm(1, mean, sd): no number is drawn when sd is 0 (R returns the mean).</summary>
    public double NextNormal(double mean, double sd) => sd == 0 || !double.IsFinite(mean) ? mean : mean + sd * NextStandardNormal();

    /// <summary>The standard normal quantile as R's qnorm (Wichura 1988, algorithm AS241, PPND16).</summary>
    public static double QNorm(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1) return double.NaN;
        if (p == 0) return double.NegativeInfinity;
        if (p == 1) return double.PositiveInfinity;
        double q = p - 0.5, r, val;
        if (Math.Abs(q) <= 0.425)
        {
            r = 0.180625 - q * q;
            val = q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r
                         + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r + 3.387132872796366608)
                  / (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r
                        + 5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1.0);
            return val;
        }
        r = q < 0 ? p : 1 - p;
        r = Math.Sqrt(-Math.Log(r));
        if (r <= 5)
        {
            r -= 1.6;
            val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r
                      + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r + 1.42343711074968357734)
                  / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r
                        + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1.0);
        }
        else
        {
            r -= 5;
            val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r
                      + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772)
                  / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r
                        + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1.0);
        }
        return q < 0 ? -val : val;
    }
}
