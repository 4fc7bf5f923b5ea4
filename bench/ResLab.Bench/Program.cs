using BenchmarkDotNet.Running;

namespace ResLab.Bench;

public static class Program
{
    /// <summary>`dotnet run -c Release --project bench/ResLab.Bench -- --filter '*'` (or pick a class with --filter).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
