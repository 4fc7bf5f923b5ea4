using System.Globalization;

namespace ResLab.Storage;

/// <summary>
/// How numbers are written in every output table: invariant culture, shortest round-trip form (the value read
/// back is bit-identical), and R's spellings for the special values (NA, Inf, -Inf) so R and pandas read them.
/// </summary>
public static class NumberFormat
{
    public static string Format(double v)
    {
        if (double.IsNaN(v)) return "NA";
        if (double.IsPositiveInfinity(v)) return "Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    public static string Format(double? v) => v is null ? "NA" : Format(v.Value);

    public static string Format(int v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Format(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Format(bool v) => v ? "TRUE" : "FALSE";

    /// <summary>A number for people (reports, console tables): <paramref name="digits"/> significant digits.</summary>
    public static string Pretty(double v, int digits = 4)
    {
        if (double.IsNaN(v)) return "NA";
        if (double.IsPositiveInfinity(v)) return "Inf";
        if (double.IsNegativeInfinity(v)) return "-Inf";
        return v.ToString("G" + digits, CultureInfo.InvariantCulture);
    }
}
