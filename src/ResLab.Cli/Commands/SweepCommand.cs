using System.CommandLine;
using System.Globalization;
using ResLab.Reporting;
using ResLab.Sweeps;

namespace ResLab.Cli.Commands;

/// <summary>`reslab sweep run|report|slurm|merge|status`: parameter sweeps of a protocol or experiment into a DuckDB store, locally or as Slurm job arrays.</summary>
public static class SweepCommand
{
    public static Command Create() =>
        new("sweep", "Parameter sweeps: many replicates of a protocol or experiment over grids or samples of its parameters, into an embedded DuckDB store; locally or as Slurm job arrays.")
        {
            Run(), Report(), Slurm(), Merge(), Status(),
        };

    private static Argument<string> FileArgument() => new("file") { Description = "Sweep file (YAML; see docs/sweeps.md and examples/sweeps/)." };

    private static Option<int?> ThreadsOption() => new("--threads") { Description = "Worker threads (default: all cores; results do not depend on it)." };

    private static int? Threads(ParseResult pr, Option<int?> o)
    {
        var t = pr.GetValue(o);
        if (t is < 1) throw UserInputException.Invalid(new InputLocation(Field: "--threads"), t.Value.ToString(CultureInfo.InvariantCulture), "at least 1");
        return t;
    }

    private static Command Run()
    {
        var file = FileArgument();
        var outPath = new Option<string>("--out", "-o") { Description = "The store: a DuckDB file (created, or resumed when it holds this sweep); with --shard, the store directory that receives the part.", Required = true };
        var shard = new Option<string?>("--shard") { Description = "Run only shard i of N (i from 0), into DIR/parts/part-i-of-N.parquet: for Slurm arrays ($SLURM_ARRAY_TASK_ID/N), Kubernetes indexed jobs, GNU parallel." };
        var threads = ThreadsOption();
        var batch = new Option<int>("--batch") { Description = "Rows per committed transaction (also committed every 2 s); a kill loses at most the rows not yet committed.", DefaultValueFactory = _ => 512 };
        var cmd = new Command("run", "Run a sweep (all cores, progress with ETA); a rerun on the same store resumes without repeating or skipping any (point, replicate).")
        {
            file, outPath, shard, threads, batch,
        };
        cmd.SetAction(pr =>
        {
            var (i, n) = pr.GetValue(shard) is { } s ? SweepJob.ParseShard(s) : (0, 1);
            if (pr.GetValue(batch) < 1) throw UserInputException.Invalid(new InputLocation(Field: "--batch"), pr.GetValue(batch).ToString(CultureInfo.InvariantCulture), "at least 1 row");
            var o = new SweepRunOptions { SweepFile = pr.GetValue(file)!, Out = pr.GetValue(outPath)!, Shard = i, Shards = n, ShardGiven = pr.GetValue(shard) is not null, Threads = Threads(pr, threads), BatchRows = pr.GetValue(batch) };
            using var progress = new ConsoleProgress(pr.InvocationConfiguration.Error);
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var r = SweepJob.Run(o, progress, cancel.Token);
                var w = pr.InvocationConfiguration.Output;
                var rate = r.Ran > 0 && r.Seconds > 0 ? $", {r.Ran / r.Seconds:0.##} replicates/s" : "";
                w.WriteLine($"{r.AlreadyDone + r.Ran}/{r.Total} replicates in {r.PartFile ?? r.Store} ({r.AlreadyDone} already there, {r.Ran} run in {r.Seconds:0.0} s{rate}; " +
                            $"store writes {r.WriteSeconds:0.00} s).");
            }
            finally { Console.CancelKeyPress -= onCancel; }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Report()
    {
        var store = new Argument<string>("store") { Description = "A sweep store (DuckDB file written by 'reslab sweep run' or 'sweep merge')." };
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (report.html, summary.csv, plots/; written completely or not at all).", Required = true };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics to show, comma-separated (default: all the store keeps)." };
        var cmd = new Command("report", "HTML report of a sweep store: response curves and surfaces of the metrics with 95 % CIs over replicates, their distributions, and a summary table.")
        {
            store, outDir, metrics,
        };
        cmd.SetAction(pr =>
        {
            var r = SweepReportJob.Run(pr.GetValue(store)!, pr.GetValue(outDir)!, pr.GetValue(metrics)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            pr.InvocationConfiguration.Output.WriteLine($"Wrote {r.OutputDirectory}/ ({string.Join(", ", r.Files)}).");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Slurm()
    {
        var file = FileArgument();
        var storeDir = new Option<string>("--store") { Description = "Store directory on a file system the nodes share: parts/, logs/, the scripts and the merged sweep.duckdb.", Required = true };
        var tasks = new Option<int>("--tasks", "-n") { Description = "Array tasks (shards).", Required = true };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (sbatch --partition)." };
        var time = new Option<string?>("--time") { Description = "Time limit per task (sbatch --time, e.g. 02:00:00)." };
        var mem = new Option<string?>("--mem") { Description = "Memory per task (sbatch --mem, e.g. 4G)." };
        var cpus = new Option<int>("--cpus-per-task") { Description = "Cores per task (each task runs its shard on them).", DefaultValueFactory = _ => 1 };
        var noSubmit = new Option<bool>("--no-submit") { Description = "Write the scripts only (submit them yourself: sbatch, then the merge with --dependency=afterok:ID)." };
        var reslab = new Option<string?>("--reslab") { Description = "Command that runs reslab on the nodes (default: this installation)." };
        var cmd = new Command("slurm", "Run a sweep on Slurm: writes and submits an sbatch --array script (task i runs shard i/N into its Parquet part) and a merge job that runs afterok.")
        {
            file, storeDir, tasks, partition, time, mem, cpus, noSubmit, reslab,
        };
        cmd.SetAction(pr =>
        {
            if (pr.GetValue(cpus) < 1) throw UserInputException.Invalid(new InputLocation(Field: "--cpus-per-task"), pr.GetValue(cpus).ToString(CultureInfo.InvariantCulture), "at least 1");
            var sub = SlurmJob.Prepare(new SlurmOptions
            {
                SweepFile = pr.GetValue(file)!, StoreDir = pr.GetValue(storeDir)!, Tasks = pr.GetValue(tasks), Partition = pr.GetValue(partition), Time = pr.GetValue(time),
                Memory = pr.GetValue(mem), CpusPerTask = pr.GetValue(cpus), Submit = !pr.GetValue(noSubmit),
                Reslab = pr.GetValue(reslab) ?? SlurmJob.ThisReslab(typeof(App).Assembly.Location),
            });
            var w = pr.InvocationConfiguration.Output;
            w.WriteLine($"Wrote {sub.ArrayScript} and {sub.MergeScript}.");
            if (sub.ArrayJobId is not null) w.WriteLine($"Submitted array job {sub.ArrayJobId} and merge job {sub.MergeJobId} (afterok). Progress: reslab sweep status {pr.GetValue(file)} --store {pr.GetValue(storeDir)}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Merge()
    {
        var file = FileArgument();
        var storeDir = new Option<string>("--store") { Description = "Store directory holding parts/ (from 'sweep run --shard' or 'sweep slurm').", Required = true };
        var outStore = new Option<string?>("--out", "-o") { Description = "Merged store file (default: STORE/sweep.duckdb)." };
        var cmd = new Command("merge", "Merge the Parquet parts of a sharded sweep into one store, checking that every part is present, of this sweep, with no row missing or repeated.")
        {
            file, storeDir, outStore,
        };
        cmd.SetAction(pr =>
        {
            var def = SweepReader.Load(pr.GetValue(file)!);
            var m = SweepParts.Merge(def, pr.GetValue(storeDir)!, pr.GetValue(outStore));
            pr.InvocationConfiguration.Output.WriteLine($"Merged {m.Parts} parts, {m.Rows} replicates, into {m.Store}.");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Status()
    {
        var file = FileArgument();
        var storeDir = new Option<string>("--store") { Description = "Store directory holding parts/.", Required = true };
        var cmd = new Command("status", "Progress of a sharded sweep from the parts present: shards complete, running or interrupted, not started; replicates done.")
        {
            file, storeDir,
        };
        cmd.SetAction(pr =>
        {
            var def = SweepReader.Load(pr.GetValue(file)!);
            var dir = pr.GetValue(storeDir)!;
            var shards = SweepParts.Status(def, dir);
            var w = pr.InvocationConfiguration.Output;
            if (shards.Count == 0) { w.WriteLine($"{def.Name}: no parts yet in {SweepJob.PartsDir(dir)} (0/{def.TotalReplicates} replicates)."); return ExitCodes.Ok; }
            long done = shards.Sum(s => s.Done);
            foreach (var g in shards.GroupBy(s => s.State))
                w.WriteLine($"{g.Key}: {g.Count()} shard(s){(g.Key == "complete" ? "" : ": " + string.Join(", ", g.Take(30).Select(s => $"{s.Index} ({s.Done}/{s.Expected})")))}");
            bool merged = File.Exists(SweepParts.DefaultStore(dir));
            w.WriteLine($"{def.Name}: {shards.Count(s => s.State == "complete")}/{shards.Count} shards complete, {done}/{def.TotalReplicates} replicates ({100.0 * done / def.TotalReplicates:0.#} %)" +
                        (merged ? $"; merged store {SweepParts.DefaultStore(dir)}" : ""));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
