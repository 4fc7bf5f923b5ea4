using System.Runtime.InteropServices;

namespace ResLab.Analysis.Statistics;

/// <summary>
/// The complementary error function. On Linux it is the C library's <c>erfc</c> — the one Python's <c>math.erfc</c>
/// calls, so MAGeCK's sgRNA p-values are reproduced to the last bit, and a native call rather than JIT-compiled code,
/// which matters in a one-second command. Elsewhere MathNet's implementation (accurate to ~1e-16 relative) is used.
/// </summary>
public static unsafe class Erfc
{
    private static readonly delegate* unmanaged<double, double> Native = Load();

    /// <summary>Which implementation is in use, for reports and tests.</summary>
    public static string Implementation => Native != null ? "C library (libm)" : "MathNet.Numerics";

    public static double Of(double x) => Native != null ? Native(x) : MathNet.Numerics.SpecialFunctions.Erfc(x);

    /// <summary>Φ(x), the standard normal CDF, as Python computes it from erfc: erfc(−x/√2)/2.</summary>
    public static double NormalCdf(double x) => Of(-x / Math.Sqrt(2.0)) / 2;

    private static delegate* unmanaged<double, double> Load()
    {
        if (!OperatingSystem.IsLinux()) return null;
        foreach (var name in new[] { "libm.so.6", "libm.so" })
            if (NativeLibrary.TryLoad(name, out var lib) && NativeLibrary.TryGetExport(lib, "erfc", out var f))
                return (delegate* unmanaged<double, double>)f;
        return null;
    }
}
