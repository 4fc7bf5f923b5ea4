using System.Diagnostics;
using System.Text.RegularExpressions;
using ResLab.Sweeps;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Sweeps;

/// <summary>A real kill: `reslab sweep run` is killed (SIGKILL) after its first committed batch; the rerun resumes, and the store equals an uninterrupted run.</summary>
public class SweepKillTests
{
    [Fact]
    public void A_sweep_killed_mid_run_resumes_to_the_rows_of_an_uninterrupted_run()
    {
        var dir = CliRunner.TempDir();
        // 4 points × 60 replicates of 3 months in a 1e5-cell flask: a few seconds on one thread, committed every 16 rows
        var file = SweepFixtures.Tiny(dir, replicates: 60);
        File.WriteAllText(file, File.ReadAllText(file).Replace("2e4 cells", "1e5 cells").Replace("2e3 cells", "1e4 cells").Replace("duration: 1 month", "duration: 3 months"));
        var store = Path.Combine(dir, "killed.duckdb");
        var cli = typeof(ResLab.Cli.App).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { cli, "sweep", "run", file, "--out", store, "--threads", "1", "--batch", "16" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        bool killed = false;
        var progress = new Regex(@"\((\d+)/240\)");
        string? line;
        while ((line = p.StandardError.ReadLine()) is not null)
        {
            var m = progress.Match(line);
            if (m.Success && int.Parse(m.Groups[1].Value) is > 0 and < 240)
            {
                p.Kill(entireProcessTree: true); // SIGKILL: no chance to flush or close the store
                killed = true;
                break;
            }
        }
        p.WaitForExit();
        var resumed = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = store, Threads = 2 });
        if (killed) Assert.True(resumed.AlreadyDone > 0 && resumed.Ran > 0, $"after the kill: {resumed.AlreadyDone} rows kept, {resumed.Ran} run");
        var full = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "full.duckdb"), Threads = 2 });
        var rows = SweepFixtures.Rows(store);
        Assert.Equal(240, rows.Count);
        Assert.Equal(SweepFixtures.Rows(full.Store), rows);
        Assert.True(killed, "the run finished before it could be killed (the machine is faster than this test assumes)");
    }
}
