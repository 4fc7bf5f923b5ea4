using System.Diagnostics;
using System.Text;
using ResLab.Storage;

namespace ResLab.Sweeps;

public sealed record SlurmOptions
{
    public required string SweepFile { get; init; }
    public required string StoreDir { get; init; }
    public required int Tasks { get; init; }
    public string? Partition { get; init; }
    public string? Time { get; init; }
    public string? Memory { get; init; }
    public int CpusPerTask { get; init; } = 1;
    /// <summary>The command line that runs reslab on a node (default: this installation).</summary>
    public required string Reslab { get; init; }
    public bool Submit { get; init; } = true;
    public string Sbatch { get; init; } = "sbatch";
}

public sealed record SlurmSubmission(string ArrayScript, string MergeScript, string? ArrayJobId, string? MergeJobId);

/// <summary>
/// Cluster runs on Slurm, with no scheduler of our own: an <c>sbatch --array=0-(N-1)</c> script whose task i runs
/// <c>reslab sweep run FILE --shard i/N --out DIR</c> (writing DIR/parts/part-i-of-N.parquet), and a merge job that
/// starts only when every task succeeded (<c>--dependency=afterok</c>) and runs <c>reslab sweep merge</c>.
/// </summary>
public static class SlurmJob
{
    public static SlurmSubmission Prepare(SlurmOptions o)
    {
        if (o.Tasks < 1 || o.Tasks > 100_000) throw UserInputException.Invalid(new InputLocation(Field: "--tasks"), o.Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), "a number of array tasks from 1 to 100,000");
        var def = SweepReader.Load(o.SweepFile); // validate before anything is queued
        if (o.Tasks > def.TotalReplicates)
            throw UserInputException.Invalid(new InputLocation(Field: "--tasks"), o.Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), $"at most {def.TotalReplicates} tasks (the sweep's replicates)");
        var dir = Path.GetFullPath(o.StoreDir);
        if (File.Exists(dir)) throw new UserInputException("is a file; expected a store directory for the parts and the merged store", new InputLocation(o.StoreDir));
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        var file = Path.GetFullPath(o.SweepFile);
        string Header(string job, string output)
        {
            var sb = new StringBuilder("#!/bin/bash\n");
            sb.Append($"#SBATCH --job-name={job}\n#SBATCH --output={output}\n");
            if (o.Partition is { } p) sb.Append($"#SBATCH --partition={p}\n");
            if (o.Time is { } t) sb.Append($"#SBATCH --time={t}\n");
            if (o.Memory is { } m) sb.Append($"#SBATCH --mem={m}\n");
            return sb.ToString();
        }
        var name = Metrics.ColumnName(def.Name);
        var array = Header($"reslab-{name}", Path.Combine(dir, "logs", "task-%a.out")) +
                    $"#SBATCH --array=0-{o.Tasks - 1}\n#SBATCH --cpus-per-task={o.CpusPerTask}\n" +
                    "# Written by 'reslab sweep slurm'. Each task runs its shard; a rerun of a killed task resumes and repairs its part.\n" +
                    "set -euo pipefail\n" +
                    $"{o.Reslab} sweep run {Sh(file)} --shard \"$SLURM_ARRAY_TASK_ID/{o.Tasks}\" --out {Sh(dir)} --threads {o.CpusPerTask}\n";
        var merge = Header($"reslab-{name}-merge", Path.Combine(dir, "logs", "merge.out")) +
                    "# Runs after every array task succeeded (afterok): merges the parts into the store.\n" +
                    "set -euo pipefail\n" +
                    $"{o.Reslab} sweep merge {Sh(file)} --store {Sh(dir)}\n";
        var arrayPath = Path.Combine(dir, "sweep-array.sbatch");
        var mergePath = Path.Combine(dir, "sweep-merge.sbatch");
        AtomicFile.WriteText(arrayPath, array);
        AtomicFile.WriteText(mergePath, merge);
        if (!o.Submit) return new SlurmSubmission(arrayPath, mergePath, null, null);
        var arrayId = Sbatch(o.Sbatch, ["--parsable", arrayPath]);
        var mergeId = Sbatch(o.Sbatch, ["--parsable", $"--dependency=afterok:{arrayId}", mergePath]);
        AtomicFile.WriteText(Path.Combine(dir, "jobs.txt"), $"array {arrayId}\nmerge {mergeId}\n");
        return new SlurmSubmission(arrayPath, mergePath, arrayId, mergeId);
    }

    /// <summary>Single-quotes a path for bash.</summary>
    public static string Sh(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static string Sbatch(string sbatch, string[] args)
    {
        var psi = new ProcessStartInfo(sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UserInputException($"cannot run '{sbatch}' ({e.Message}): is Slurm installed here? Use --no-submit to write the scripts only", new InputLocation(Field: "sbatch"), e);
        }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new UserInputException($"sbatch failed (exit {p.ExitCode}): {stderr.Trim()}", new InputLocation(Field: "sbatch"));
            // --parsable prints "jobid" or "jobid;cluster"
            return stdout.Result.Trim().Split(';')[0];
        }
    }

    /// <summary>How to call this installation of reslab from a job script: its native launcher, or dotnet with its assembly.</summary>
    public static string ThisReslab(string cliAssembly)
    {
        var apphost = Path.Combine(Path.GetDirectoryName(cliAssembly)!, Path.GetFileNameWithoutExtension(cliAssembly));
        if (File.Exists(apphost)) return Sh(apphost);
        var dotnet = Environment.ProcessPath is { } pp && Path.GetFileNameWithoutExtension(pp) == "dotnet" ? pp : "dotnet";
        return $"{Sh(dotnet)} {Sh(cliAssembly)}";
    }
}
