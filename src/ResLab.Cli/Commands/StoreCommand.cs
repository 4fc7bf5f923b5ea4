using System.CommandLine;
using ResLab.Storage;
using ResLab.Sweeps;

namespace ResLab.Cli.Commands;

/// <summary>`reslab store export|query`: a sweep store as Parquet files, or the answer to an SQL query.</summary>
public static class StoreCommand
{
    public static Command Create() =>
        new("store", "Sweep stores (DuckDB files): export them as Parquet for R, Python or any tool, or query them with SQL.") { Export(), Query() };

    private static Argument<string> StoreArgument() => new("store") { Description = "A sweep store (DuckDB file)." };

    private static Command Export()
    {
        var store = StoreArgument();
        var outDir = new Option<string>("--out", "-o") { Description = "Output directory (one Parquet file per table; written completely or not at all).", Required = true };
        var cmd = new Command("export", "Export every table of a store (sweep, parameters, metrics, replicates, series) as Parquet files.") { store, outDir };
        cmd.SetAction(pr =>
        {
            using var s = SweepStore.OpenRead(pr.GetValue(store)!);
            using var dir = OutputDirectory.Begin(pr.GetValue(outDir)!);
            var files = new List<string>();
            foreach (var t in new[] { "sweep", "parameters", "metrics", "replicates", "series" })
            {
                if (!s.Has(t)) continue;
                s.CopyToParquet(t, dir.File(t + ".parquet"), t == "replicates" ? s.StoredHash : null);
                files.Add(t + ".parquet");
            }
            dir.Commit();
            pr.InvocationConfiguration.Output.WriteLine($"Wrote {dir.FinalPath}/ ({string.Join(", ", files)}; {s.Count()} replicates).");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Query()
    {
        var store = StoreArgument();
        var sql = new Argument<string>("sql") { Description = "An SQL query (DuckDB dialect), e.g. \"SELECT factor, avg(final_cells) FROM replicates GROUP BY factor\"." };
        var format = new Option<string>("--format") { Description = "csv (default) or tsv.", DefaultValueFactory = _ => "csv" };
        var cmd = new Command("query", "Run an SQL query on a store (read-only) and print the result as CSV.") { store, sql, format };
        cmd.SetAction(pr =>
        {
            var f = pr.GetValue(format);
            if (f is not ("csv" or "tsv")) throw UserInputException.Invalid(new InputLocation(Field: "--format"), f, "csv or tsv");
            char sep = f == "tsv" ? '\t' : ',';
            using var s = SweepStore.OpenRead(pr.GetValue(store)!);
            var (cols, rows) = s.Query(pr.GetValue(sql)!);
            var w = pr.InvocationConfiguration.Output;
            string Cell(string? v) => v is null ? "" : sep == ',' && (v.Contains(',') || v.Contains('"') || v.Contains('\n')) ? "\"" + v.Replace("\"", "\"\"") + "\"" : v;
            w.WriteLine(string.Join(sep, cols.Select(c => Cell(c))));
            foreach (var r in rows) w.WriteLine(string.Join(sep, r.Select(Cell)));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
