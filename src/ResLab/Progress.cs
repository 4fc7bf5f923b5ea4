namespace ResLab;

/// <summary>
/// Progress of long work, reported by the library and shown by the CLI (a bar on a terminal, plain lines in
/// CI logs). <see cref="Done"/> and <see cref="Total"/> are in units of the work (replicates, curves, steps).
/// </summary>
public readonly record struct ProgressUpdate(string Task, double Done, double Total, string? Detail = null)
{
    public double Fraction => Total <= 0 ? 1 : Math.Clamp(Done / Total, 0, 1);
}

public static class ProgressExtensions
{
    /// <summary>Reports when a sink is present; library code passes a nullable <see cref="IProgress{T}"/>.</summary>
    public static void Tell(this IProgress<ProgressUpdate>? sink, string task, double done, double total, string? detail = null) =>
        sink?.Report(new ProgressUpdate(task, done, total, detail));
}
