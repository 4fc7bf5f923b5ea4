using System.Globalization;
using System.Text;
using ResLab.Storage;

namespace ResLab.Tests.Storage;

/// <summary><see cref="ShortestDecimal"/> against .NET's own shortest round-trip formatting ("R") of the same doubles.</summary>
public class ShortestDecimalTests
{
    /// <summary>The significant digits (no leading or trailing zeros) and the decimal exponent of the last, as "R" spells |x|.</summary>
    private static (string Digits, int Exp10) OfR(double x)
    {
        var s = Math.Abs(x).ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0, e = s.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            s = s[..e];
        }
        int dot = s.IndexOf('.');
        int fraction = dot < 0 ? 0 : s.Length - dot - 1;
        var all = s.Replace(".", "").TrimStart('0');
        var digits = all.TrimEnd('0');
        return (digits, exponent - fraction + (all.Length - digits.Length));
    }

    private static void Check(double x)
    {
        if (!ShortestDecimal.TryGet(x, out ulong digits, out int exp10))
        {
            double a = Math.Abs(x);
            Assert.False(a >= Math.Pow(2, -12) && a < Math.Pow(2, 53), $"{x:R} is in the range but was not converted");
            return;
        }
        var (want, wantExp) = OfR(x);
        Assert.True(want == digits.ToString(CultureInfo.InvariantCulture) && wantExp == exp10,
            $"{x:R} (bits {BitConverter.DoubleToInt64Bits(x)}): got {digits}e{exp10}, \"R\" has {want}e{wantExp}");
    }

    [Fact]
    public void Digits_are_those_of_the_R_format_on_random_doubles()
    {
        var rng = new Random(20261202);
        for (int i = 0; i < 400_000; i++)
        {
            // Uniform bit patterns over the converted range and a little beyond it (the rest must be declined).
            long lo = BitConverter.DoubleToInt64Bits(Math.Pow(2, -14)), hi = BitConverter.DoubleToInt64Bits(Math.Pow(2, 55));
            Check(BitConverter.Int64BitsToDouble(lo + (long)(rng.NextDouble() * (hi - lo))));
            // Normalised counts (a size factor times a count), short decimals and their neighbours, powers of two
            // (whose lower neighbour is nearer) and their neighbours, integers: where ties and interval ends occur.
            double sf = rng.NextDouble() * 3 + 0.05;
            Check(sf * rng.Next(0, 5000));
            double dec = rng.Next(1, 1_000_000) / Math.Pow(10, rng.Next(0, 10));
            Check(dec);
            Check(Math.BitIncrement(dec));
            Check(Math.BitDecrement(dec));
            double p2 = Math.Pow(2, rng.Next(-14, 56));
            Check(p2);
            Check(Math.BitIncrement(p2));
            Check(Math.BitDecrement(p2));
            Check(rng.Next() * (double)rng.Next(1, 1 << 22));
            Check(-rng.NextDouble() * 1000);
        }
    }

    [Fact]
    public void Special_values_are_declined_or_exact()
    {
        foreach (var x in new[] { 0.0, -0.0, double.Epsilon, double.MaxValue, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, 1e300 })
            Check(x);
        foreach (var x in new[] { 1.0, 0.1, 0.3, 2.0 / 3, 5e-324 + 1, 9007199254740991.0, 4503599627370496.5, 1e15, 123456789012345.67, Math.Pow(2, -12), Math.BitDecrement(Math.Pow(2, 53)) })
            Check(x);
    }

    [Fact]
    public void Python_repr_of_normalised_counts_is_unchanged()
    {
        // The appender's fast path against the formatter that goes through .NET's text.
        var rng = new Random(7);
        var sb = new StringBuilder();
        for (int i = 0; i < 200_000; i++)
        {
            double x = (rng.NextDouble() * 2 + 0.1) * rng.Next(0, 100_000) * (i % 7 == 0 ? -1 : 1) / Math.Pow(10, rng.Next(0, 6));
            sb.Clear();
            PeerNumberFormat.AppendPythonRepr(sb, x);
            Assert.Equal(PeerNumberFormat.PythonRepr(x), sb.ToString());
        }
    }
}
