using BenchmarkDotNet.Running;

namespace ResLab.Bench;

public static class Program
{
    /// <summary>`dotnet run -c Release --project bench/ResLab.Bench -- --filter '*'` (or pick a class with --filter).</summary>
    public static void Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "calibrate") { Calibration.Calibrate(args[1], args.Length > 2 ? int.Parse(args[2]) : 3); return; }
        if (args.Length >= 2 && args[0] == "timing") { Calibration.Timing(args[1], args.Length > 2 ? int.Parse(args[2]) : 3); return; }
        if (args.Length >= 1 && args[0] == "ri-overhead") { RiOverhead.Run(args.Length > 1 ? int.Parse(args[1]) : 5); return; }
        if (args.Length >= 1 && args[0] == "ri-check") { RiOverhead.Check(args.Length > 1 ? int.Parse(args[1]) : 8); return; }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
