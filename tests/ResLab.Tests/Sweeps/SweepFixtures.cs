using ResLab.Sweeps;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Sweeps;

/// <summary>Small sweeps written to a temporary directory, on the shipped protocols, and row-for-row store comparison.</summary>
public static class SweepFixtures
{
    public static string Protocol(string name) => Path.Combine(CliRunner.RepoRoot, "examples", "protocols", name);

    /// <summary>A 2 × 2 grid × 3 replicates (12 rows) of the escalation protocol in a 2e4-cell flask for one month.</summary>
    public static string Tiny(string dir, string extra = "", string? parameters = null, int replicates = 3, string metrics = "[final_cells, extinct, clones_alive, passages, fraction_nrf2, \"day_cells_ge(1.5e4)\"]")
    {
        var path = Path.Combine(dir, "tiny.yaml");
        File.WriteAllText(path, $"""
            name: tiny
            protocol: {Protocol("cisplatin-escalation-1-to-25uM.yaml")}
            set:
              flask.capacity: 2e4 cells
              flask.seeding: 2e3 cells
              duration: 1 month
              readouts[0].at: end
            parameters:
            {parameters ?? """
              - path: schedule[0].escalate.factor
                name: factor
                values: [1.5, 3]
              - path: schedule[0].escalate.start
                name: start
                values: [0.5, 2]
                unit: uM
            """}
            replicates: {replicates}
            seed: 5
            metrics: {metrics}
            {extra}
            """);
        return path;
    }

    /// <summary>Every row of a table, ordered by its key, as text (exact: doubles in round-trip form).</summary>
    public static List<string> Rows(string store, string table = "replicates", string order = "point, replicate")
    {
        using var s = SweepStore.OpenRead(store);
        return s.Query($"SELECT * FROM {table} ORDER BY {order}").Rows.Select(r => string.Join("|", r.Select(v => v ?? "NULL"))).ToList();
    }

    public static List<string> ParquetRows(string parquet, string order = "point, replicate")
    {
        using var db = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT * FROM read_parquet('{parquet}') ORDER BY {order}";
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
            rows.Add(string.Join("|", Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "NULL" : r.GetValue(i) switch
            {
                double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                var o => o.ToString(),
            })));
        return rows;
    }
}
