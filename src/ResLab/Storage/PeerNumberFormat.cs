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
