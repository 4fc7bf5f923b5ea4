using BenchmarkDotNet.Running;

namespace ResLab.Bench;

public static class Program
{
    /// <summary>`dotnet run -c Release --project bench/ResLab.Bench -- --filter '*'` (or pick a class with --filter).</summary>
    public static void Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "calibrate") { Calibration.Calibrate(args[1], args.Length > 2 ? int.Parse(args[2]) : 3, args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 1, args.Length > 4 ? ulong.Parse(args[4]) : 7, args.Length > 5 ? double.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture) : 0); return; }
        if (args.Length >= 2 && args[0] == "phenotypes") { Calibration.Phenotypes(args[1]); return; }
        if (args.Length >= 2 && args[0] == "timing") { Calibration.Timing(args[1], args.Length > 2 ? int.Parse(args[2]) : 3); return; }
        if (args.Length >= 4 && args[0] == "leaps")
        {
            LeapCheck.Run(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3]));
            return;
        }
        if (args.Length >= 1 && args[0] == "ri-overhead") { RiOverhead.Run(args.Length > 1 ? int.Parse(args[1]) : 5); return; }
        if (args.Length >= 1 && args[0] == "ri-check") { RiOverhead.Check(args.Length > 1 ? int.Parse(args[1]) : 8); return; }
        if (args.Length >= 5 && args[0] == "coarse")
        {
            CoarseGrainingCheck.Run(args[1], double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(args[4]), args.Length > 5 ? int.Parse(args[5]) : null);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
