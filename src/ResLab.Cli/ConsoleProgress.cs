using System.Diagnostics;

namespace ResLab.Cli;

/// <summary>
/// Shows <see cref="ProgressUpdate"/>s: a single redrawn line with percentage and ETA on a terminal, plain
/// lines at most once per second otherwise (CI logs), and always a final line at 100 %.
/// Thread-safe: parallel workers may report concurrently.
/// </summary>
public sealed class ConsoleProgress : IProgress<ProgressUpdate>, IDisposable
{
    private readonly TextWriter _err;
    private readonly bool _interactive;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private double _lastPrint = double.NegativeInfinity;
    private ProgressUpdate? _last;
    private bool _finished;

    public ConsoleProgress(TextWriter err, bool? interactive = null)
    {
        _err = err;
        _interactive = interactive ?? (!Console.IsErrorRedirected && ReferenceEquals(err, Console.Error));
    }

    public void Report(ProgressUpdate value)
    {
        lock (_gate)
        {
            _last = value;
            var now = _clock.Elapsed.TotalSeconds;
            bool done = value.Fraction >= 1;
            double minGap = _interactive ? 0.1 : 1.0;
            if (!done && now - _lastPrint < minGap) return;
            _lastPrint = now;
            Print(value, now);
            if (done) { if (_interactive) _err.WriteLine(); _finished = true; }
            else _finished = false;
        }
    }

    private void Print(ProgressUpdate u, double elapsed)
    {
        var pct = u.Fraction * 100;
        string eta = "";
        if (u.Fraction is > 0.01 and < 1)
        {
            var remaining = elapsed / u.Fraction * (1 - u.Fraction);
            eta = $", ETA {FormatTime(remaining)}";
        }
        var count = $"{u.Done:0}/{u.Total:0}";
        var detail = u.Detail is null ? "" : $" {u.Detail}";
        if (_interactive)
        {
            const int width = 28;
            int filled = (int)Math.Round(u.Fraction * width);
            var bar = new string('#', filled) + new string('-', width - filled);
            _err.Write($"\r{u.Task} [{bar}] {pct,5:0.0}% {count} {FormatTime(elapsed)}{eta}{detail}   ");
        }
        else
        {
            _err.WriteLine($"{u.Task}: {pct:0.0}% ({count}), {FormatTime(elapsed)} elapsed{eta}{detail}");
        }
    }

    private static string FormatTime(double s) =>
        s < 60 ? $"{s:0.0}s" : s < 3600 ? $"{(int)(s / 60)}m{(int)(s % 60):00}s" : $"{(int)(s / 3600)}h{(int)(s % 3600 / 60):00}m";

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_finished && _last is { } l && _interactive) _err.WriteLine();
        }
    }
}
