using System.Diagnostics;
using ResLab.Sweeps;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Sweeps;

/// <summary>
/// A real single-node Slurm (started by .ci/slurm-localhost.sh; .ci/prerequisites installs the Debian packages):
/// `reslab sweep slurm` submits the sweep as a job array with an afterok merge job, and the merged store equals the
/// same sweep run locally, row for row. Skipped only when not root (the daemons need root here).
/// </summary>
public class SlurmClusterTests
{
    private static bool IsRoot => Environment.UserName == "root" || (OperatingSystem.IsLinux() && File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t"));

    private static (int Code, string Out) Sh(string command, int timeoutSeconds = 120)
    {
        var psi = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var o = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeoutSeconds * 1000)) { p.Kill(true); return (124, o + err.Result); }
        return (p.ExitCode, o + err.Result);
    }

    [SkippableFact]
    public void A_sweep_submitted_as_a_slurm_job_array_merges_into_the_store_of_a_local_run()
    {
        Skip.IfNot(IsRoot, "the Slurm test needs root (it starts slurmctld, slurmd and munged on localhost); run the suite as root, as CI does");
        var start = Sh(Path.Combine(CliRunner.RepoRoot, ".ci", "slurm-localhost.sh"));
        Assert.True(start.Code == 0, "could not start Slurm (install slurmctld slurmd slurm-client munge; .ci/prerequisites does as root): " + start.Out);

        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir);
        var local = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "local.duckdb") });
        var storeDir = Path.Combine(dir, "cluster");
        var cli = typeof(ResLab.Cli.App).Assembly.Location;
        var r = CliRunner.Run("sweep", "slurm", file, "--store", storeDir, "--tasks", "3", "--time", "00:05:00", "--reslab", SlurmJob.ThisReslab(cli));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("--array=0-2", File.ReadAllText(Path.Combine(storeDir, "sweep-array.sbatch")));
        var jobs = File.ReadAllLines(Path.Combine(storeDir, "jobs.txt")).ToDictionary(l => l.Split(' ')[0], l => l.Split(' ')[1]);

        var merged = SweepParts.DefaultStore(storeDir);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < 100)
        {
            var q = Sh($"squeue -h -j {jobs["array"]},{jobs["merge"]} -o %i 2>/dev/null | wc -l");
            if (File.Exists(merged) && q.Out.Trim() == "0") break;
            Thread.Sleep(500);
        }
        var logs = string.Join("\n", Directory.Exists(Path.Combine(storeDir, "logs")) ? Directory.GetFiles(Path.Combine(storeDir, "logs")).Select(f => f + ":\n" + File.ReadAllText(f)) : []);
        Assert.True(File.Exists(merged), $"the merge job did not write {merged} within 100 s; logs:\n{logs}");
        Assert.Equal(SweepFixtures.Rows(local.Store), SweepFixtures.Rows(merged));
        var status = CliRunner.Run("sweep", "status", file, "--store", storeDir);
        Assert.Contains("3/3 shards complete, 12/12 replicates (100 %)", status.Out);
    }
}
