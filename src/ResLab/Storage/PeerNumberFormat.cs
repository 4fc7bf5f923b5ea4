using System.Runtime.CompilerServices;
using System.Globalization;

namespace ResLab.Storage;

/// <summary>
/// Number spellings of the peer tools whose files ResLab reproduces byte for byte: Python's <c>repr(float)</c> and
/// <c>format(x, '.Ng')</c> (MAGeCK's summaries), C's <c>printf("%.Ne")</c> and <c>"%f"</c> (MAGeCK's RRA). .NET formats
/// doubles exactly and rounds half to even on the exact binary value, as Python and glibc do, so only the layout
/// (exponent digits, trailing zeros, when to switch to exponent notation) is written here.
/// </summary>
public static class PeerNumberFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Python's <c>repr(x)</c> (= <c>str(x)</c>): the shortest round-trip digits; exponent form below 1e-4 and from 1e16.</summary>
    public static string PythonRepr(double x)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0.0" : "0.0";
        ShortestDigits(x, out var digits, out int exp10);
        var sign = x < 0 ? "-" : "";
        if (exp10 < -4 || exp10 >= 16)
            return sign + Mantissa(digits) + Exponent(exp10);
        if (exp10 < 0) return sign + "0." + new string('0', -exp10 - 1) + digits;
        if (digits.Length <= exp10 + 1) return sign + digits + new string('0', exp10 + 1 - digits.Length) + ".0";
        return sign + digits[..(exp10 + 1)] + "." + digits[(exp10 + 1)..];
    }

    /// <summary>Python's <c>format(x, '.{precision}g')</c>: <paramref name="precision"/> significant digits, trailing zeros removed.</summary>
    public static string PythonG(double x, int precision = 5)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return double.IsNegative(x) ? "-0" : "0";
        if (precision < 1) precision = 1;
        RoundedDigits(x, precision, out var digits, out int exp10);
        var sign = x < 0 ? "-" : "";
        if (exp10 < -4 || exp10 >= precision)
            return sign + Mantissa(digits.TrimEnd('0')) + Exponent(exp10);
        string s;
        if (exp10 < 0) s = "0." + new string('0', -exp10 - 1) + digits;
        else s = digits[..(exp10 + 1)] + (digits.Length > exp10 + 1 ? "." + digits[(exp10 + 1)..] : "");
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        return sign + s;
    }

    /// <summary>C's <c>printf("%.{decimals}e", x)</c>, e.g. <c>3.6799e-06</c> (no padding).</summary>
    public static string CExponent(double x, int decimals = 4)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return (double.IsNegative(x) ? "-0" : "0") + (decimals > 0 ? "." + new string('0', decimals) : "") + "e+00";
        RoundedDigits(x, decimals + 1, out var digits, out int exp10);
        return (x < 0 ? "-" : "") + digits[0] + (decimals > 0 ? "." + digits[1..] : "") + Exponent(exp10);
    }

    /// <summary>C's <c>printf("%f", x)</c>: six decimals.</summary>
    public static string CFixed(double x, int decimals = 6)
    {
        if (double.IsNaN(x)) return "nan";
        if (double.IsInfinity(x)) return x > 0 ? "inf" : "-inf";
        return x.ToString("F" + decimals.ToString(Inv), Inv);
    }

    /// <summary>The value a C program printed with <c>%.4e</c> reads back as in Python, spelled by Python (MAGeCK's gene scores).</summary>
    public static string PythonReprOfCExponent(double x, int decimals = 4) =>
        double.IsFinite(x) ? PythonRepr(double.Parse(CExponent(x, decimals), Inv)) : PythonRepr(x);

    /// <summary>The value a C program printed with <c>%f</c> reads back as in Python, spelled by Python (MAGeCK's gene FDRs).</summary>
    public static string PythonReprOfCFixed(double x, int decimals = 6) =>
        double.IsFinite(x) ? PythonRepr(double.Parse(CFixed(x, decimals), Inv)) : PythonRepr(x);

    private static readonly double[] Pow10 = Enumerable.Range(0, 23).Select(k => double.Parse("1e" + k, Inv)).ToArray();

    /// <summary>
    /// Appends <c>format(x, '.{precision}g')</c> without allocating. Fast path: scale by an exact power of ten (one
    /// rounding, error ≤ 1e-11 in the last place) and round; a value whose scaled fraction lies within 1e-7 of one half
    /// — where that error could matter — and any extreme value go through .NET's exact formatting instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AppendPythonG(System.Text.StringBuilder sb, double x, int precision = 5)
    {
        Span<char> digits = stackalloc char[24];
        if (precision is < 1 or > 15 || !double.IsFinite(x) || x == 0 || !FastDigits(x, precision, digits, out int exp10))
        {
            sb.Append(PythonG(x, precision));
            return;
        }
        if (x < 0) sb.Append('-');
        var d = digits[..precision];
        if (exp10 < -4 || exp10 >= precision)
        {
            var m = d.TrimEnd('0');
            sb.Append(m[0]);
            if (m.Length > 1) sb.Append('.').Append(m[1..]);
            AppendExponent(sb, exp10);
            return;
        }
        if (exp10 < 0)
        {
            sb.Append("0.").Append('0', -exp10 - 1).Append(d.TrimEnd('0'));
            return;
        }
        sb.Append(d[..(exp10 + 1)]);
        var frac = d[(exp10 + 1)..].TrimEnd('0');
        if (frac.Length > 0) sb.Append('.').Append(frac);
    }

    /// <summary>
    /// Appends Python's <c>repr(x)</c> without allocating: the shortest digits from <see cref="ShortestDecimal"/> where it
    /// applies, else from .NET's "R" format (the same digits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AppendPythonRepr(System.Text.StringBuilder sb, double x)
    {
        if (!double.IsFinite(x) || x == 0)
        {
            sb.Append(PythonRepr(x));
            return;
        }
        if (ShortestDecimal.TryGet(x, out ulong mantissa, out int scale))
        {
            Span<char> d = stackalloc char[20];
            int nd = 0;
            for (ulong m = mantissa; m > 0; m /= 10) nd++;
            for (int i = nd - 1; i >= 0; i--, mantissa /= 10) d[i] = (char)('0' + (int)(mantissa % 10));
            AppendReprLayout(sb, x < 0, d[..nd], nd - 1 + scale);
            return;
        }
        Span<char> buf = stackalloc char[40];
        Math.Abs(x).TryFormat(buf, out int len, "R", Inv);
        var s = buf[..len];
        int exponent = 0;
        int e = s.IndexOfAny('E', 'e');
        if (e >= 0)
        {
            exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, Inv);
            s = s[..e];
        }
        Span<char> all = stackalloc char[40];
        int dot = s.IndexOf('.');
        int intLen = dot < 0 ? s.Length : dot;
        int n = 0;
        foreach (var c in s) if (c != '.') all[n++] = c;
        int lead = 0;
        while (lead < n - 1 && all[lead] == '0') lead++;
        int exp10 = intLen - 1 - lead + exponent;
        AppendReprLayout(sb, x < 0, all[lead..n].TrimEnd('0'), exp10); // x ≠ 0, so at least one significant digit
    }

    /// <summary>Python's repr layout of the significant digits (no trailing zeros) whose first has the decimal exponent given.</summary>
    private static void AppendReprLayout(System.Text.StringBuilder sb, bool negative, ReadOnlySpan<char> digits, int exp10)
    {
        if (negative) sb.Append('-');
        if (exp10 < -4 || exp10 >= 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1) sb.Append('.').Append(digits[1..]);
            AppendExponent(sb, exp10);
        }
        else if (exp10 < 0) sb.Append("0.").Append('0', -exp10 - 1).Append(digits);
        else if (digits.Length <= exp10 + 1) sb.Append(digits).Append('0', exp10 + 1 - digits.Length).Append(".0");
        else sb.Append(digits[..(exp10 + 1)]).Append('.').Append(digits[(exp10 + 1)..]);
    }

    /// <summary>
    /// Appends <see cref="PythonReprOfCExponent"/> without allocating: the correctly rounded digits m·10^k read back as
    /// m × 10^k (or m / 10^−k) — one rounding of exact operands, hence the double Python's float() gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AppendPythonReprOfCExponent(System.Text.StringBuilder sb, double x, int decimals = 4)
    {
        Span<char> digits = stackalloc char[24];
        if (decimals is < 0 or > 14 || !double.IsFinite(x) || x == 0 || !FastDigits(x, decimals + 1, digits, out int exp10) || Math.Abs(exp10 - decimals) > 22)
        {
            sb.Append(PythonReprOfCExponent(x, decimals));
            return;
        }
        long m = 0;
        foreach (var c in digits[..(decimals + 1)]) m = m * 10 + (c - '0');
        int k = exp10 - decimals;
        double v = k >= 0 ? m * Pow10[k] : m / Pow10[-k];
        AppendPythonRepr(sb, x < 0 ? -v : v);
    }

    /// <summary>Appends <see cref="PythonReprOfCFixed"/> (six decimals) without allocating, by the same exact read-back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AppendPythonReprOfCFixed(System.Text.StringBuilder sb, double x)
    {
        double ax = Math.Abs(x);
        if (!double.IsFinite(x) || ax > 1e9)
        {
            sb.Append(PythonReprOfCFixed(x));
            return;
        }
        double scaled = ax * 1e6, fl = Math.Floor(scaled), frac = scaled - fl;
        if (Math.Abs(frac - 0.5) < 1e-6)
        {
            sb.Append(PythonReprOfCFixed(x));
            return;
        }
        double m = fl + (frac > 0.5 ? 1 : 0);
        double v = m / 1e6;
        AppendPythonRepr(sb, m == 0 ? (x < 0 ? -0.0 : 0.0) : x < 0 ? -v : v);
    }

    private static void AppendExponent(System.Text.StringBuilder sb, int exp10)
    {
        sb.Append('e').Append(exp10 < 0 ? '-' : '+');
        int a = Math.Abs(exp10);
        if (a < 10) sb.Append('0');
        sb.Append(a);
    }

    /// <summary>The first <paramref name="precision"/> digits of |x| correctly rounded, when the fast scaling is safe.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool FastDigits(double x, int precision, Span<char> digits, out int exp10)
    {
        double ax = Math.Abs(x);
        exp10 = 0;
        if (ax < 1e-280 || ax > 1e280) return false;
        // ⌊log10 ax⌋ is ⌊e2·log10 2⌋ or one more (ax in [2^e2, 2^(e2+1))): start from the former, the loop steps up.
        int e2 = (int)(BitConverter.DoubleToUInt64Bits(ax) >> 52) - 1023;
        int e = (e2 * 78913) >> 18;
        double lo = Pow10[precision - 1], hi = Pow10[precision];
        for (int attempt = 0; attempt < 3; attempt++)
        {
            int k = precision - 1 - e;
            if (k > 22 || k < -22) return false;
            double scaled = k >= 0 ? ax * Pow10[k] : ax / Pow10[-k];
            if (scaled < lo) { e--; continue; }
            if (scaled >= hi) { e++; continue; }
            double fl = Math.Floor(scaled), frac = scaled - fl;
            if (Math.Abs(frac - 0.5) < 1e-7) return false;
            long m = (long)fl + (frac > 0.5 ? 1 : 0);
            if (m >= (long)hi) { m /= 10; e++; }
            for (int i = precision - 1; i >= 0; i--) { digits[i] = (char)('0' + (int)(m % 10)); m /= 10; }
            exp10 = e;
            return true;
        }
        return false;
    }

    /// <summary>Python's boolean spelling.</summary>
    public static string PythonBool(bool b) => b ? "True" : "False";

    private static string Mantissa(string digits) => digits.Length == 1 ? digits : digits[0] + "." + digits[1..];

    private static string Exponent(int exp10) =>
        "e" + (exp10 < 0 ? "-" : "+") + Math.Abs(exp10).ToString("00", Inv);

    /// <summary>Digits of |x| correctly rounded to <paramref name="significant"/> figures, and the decimal exponent of the first.</summary>
    private static void RoundedDigits(double x, int significant, out string digits, out int exp10)
    {
        var s = Math.Abs(x).ToString("E" + (significant - 1).ToString(Inv), Inv); // d.dddE+xxx
        int e = s.IndexOf('E');
        digits = s[..e].Replace(".", "");
        exp10 = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, Inv);
    }

    /// <summary>The shortest digits that read back as |x| (what .NET's "R" and Python's repr both produce).</summary>
    private static void ShortestDigits(double x, out string digits, out int exp10)
    {
        var s = Math.Abs(x).ToString("R", Inv);
        int e = s.IndexOfAny(['E', 'e']);
        int exponent = 0;
        if (e >= 0)
        {
            exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, Inv);
            s = s[..e];
        }
        int dot = s.IndexOf('.');
        var intPart = dot < 0 ? s : s[..dot];
        var frac = dot < 0 ? "" : s[(dot + 1)..];
        var all = intPart + frac;
        int lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0') lead++;
        // Position of the first significant digit relative to the decimal point.
        exp10 = intPart.Length - 1 - lead + exponent;
        digits = all[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
    }
}
