using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace ResLab.Sweeps;

/// <summary>
/// The results store of a sweep: one embedded DuckDB file (no server) holding the sweep definition (table
/// <c>sweep</c>, with its hash), the varied parameters and kept metrics (tables <c>parameters</c>, <c>metrics</c>),
/// one row per (point, replicate) in <c>replicates</c> and, on request, the time series in <c>series</c>.
/// Rows are written in transactions of a batch each, so a killed run loses at most the rows not yet committed;
/// the primary key (point, replicate) and <see cref="DoneKeys"/> let a rerun add exactly the missing rows.
/// </summary>
public sealed class SweepStore : IDisposable
{
    private readonly DuckDBConnection _db;
    public string Path { get; }

    private SweepStore(string path, DuckDBConnection db) { Path = path; _db = db; }

    public static readonly string[] SeriesColumns =
        ["point", "replicate", "time_h", "cells", "cycling", "quiescent", "persister", "doomed", "confluence", "cisplatin_uM", "dose_gy", "clones_alive", "mean_log2_nrf2"];

    /// <summary>Opens the store for this sweep, creating it when absent; a store of another sweep is a user error.</summary>
    public static SweepStore OpenOrCreate(string path, SweepDefinition def)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new UserInputException("is a directory; expected a store file such as results.duckdb", new InputLocation(path));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        bool exists = File.Exists(full);
        var store = new SweepStore(full, Connect(full, readOnly: false, path));
        try
        {
            if (!exists || !store.HasTable("sweep")) store.Create(def);
            else store.CheckSameSweep(def);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing store read-only (export, query, report).</summary>
    public static SweepStore OpenRead(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new UserInputException("no such store file", new InputLocation(path));
        var s = new SweepStore(full, Connect(full, readOnly: true, path));
        if (!s.HasTable("replicates")) { s.Dispose(); throw new UserInputException("is a DuckDB file but not a sweep store (no table 'replicates')", new InputLocation(path)); }
        return s;
    }

    private static DuckDBConnection Connect(string full, bool readOnly, string shown)
    {
        var c = new DuckDBConnection($"Data Source={full}" + (readOnly ? ";ACCESS_MODE=READ_ONLY" : ""));
        try { c.Open(); }
        catch (DuckDBException e)
        {
            c.Dispose();
            throw new UserInputException($"cannot open the store: {e.Message.Split('\n')[0]}", new InputLocation(shown), e);
        }
        return c;
    }

    public DuckDBConnection Connection => _db;

    private bool HasTable(string name) =>
        Convert.ToInt64(Scalar($"SELECT count(*) FROM information_schema.tables WHERE table_name = '{name}'"), CultureInfo.InvariantCulture) > 0;

    public object? Scalar(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar();
    }

    public void Execute(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    internal static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
    internal static string S(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''") + "'";

    /// <summary>The CREATE TABLE statements of a sweep's store (shared by runs, parts and merges so their columns agree).</summary>
    public static IEnumerable<string> Schema(SweepDefinition def)
    {
        yield return "CREATE TABLE sweep (name VARCHAR, hash VARCHAR, definition VARCHAR, sweep_file VARCHAR, protocol_file VARCHAR, protocol VARCHAR, " +
                     "design VARCHAR, points INTEGER, replicates INTEGER, seed UBIGINT, reslab_version VARCHAR)";
        yield return "CREATE TABLE parameters (position INTEGER, name VARCHAR, path VARCHAR, unit VARCHAR, type VARCHAR)";
        yield return "CREATE TABLE metrics (position INTEGER, name VARCHAR, metric VARCHAR)";
        var cols = new List<string> { "point INTEGER NOT NULL", "replicate INTEGER NOT NULL", "seed BIGINT NOT NULL" };
        cols.AddRange(def.Parameters.Select(p => $"{Q(p.Name)} {(p.IsNumeric ? "DOUBLE" : "VARCHAR")}"));
        cols.Add("outcome VARCHAR");
        cols.AddRange(def.Metrics.Select(m => $"{Q(m.Name)} DOUBLE"));
        cols.Add("PRIMARY KEY (point, replicate)");
        yield return $"CREATE TABLE replicates ({string.Join(", ", cols)})";
        if (def.Series)
            yield return "CREATE TABLE series (point INTEGER, replicate INTEGER, time_h DOUBLE, cells BIGINT, cycling BIGINT, quiescent BIGINT, persister BIGINT, doomed BIGINT, " +
                         "confluence DOUBLE, cisplatin_uM DOUBLE, dose_gy DOUBLE, clones_alive INTEGER, mean_log2_nrf2 DOUBLE)";
    }

    /// <summary>The definition rows (sweep, parameters, metrics) as INSERT statements.</summary>
    public static IEnumerable<string> DefinitionRows(SweepDefinition def)
    {
        yield return $"INSERT INTO sweep VALUES ({S(def.Name)}, {S(def.Hash)}, {S(def.Text)}, {S(def.SourceFile)}, {S(def.ProtocolFile)}, {S(def.ProtocolText)}, " +
                     $"{S(def.Design.ToString().ToLowerInvariant())}, {def.Points.Count}, {def.Replicates}, {def.Seed}, {S(VersionInfo.Version)})";
        for (int i = 0; i < def.Parameters.Count; i++)
        {
            var p = def.Parameters[i];
            yield return $"INSERT INTO parameters VALUES ({i}, {S(p.Name)}, {S(p.Path)}, {S(p.Unit)}, {S(p.IsNumeric ? "number" : "text")})";
        }
        for (int i = 0; i < def.Metrics.Count; i++)
            yield return $"INSERT INTO metrics VALUES ({i}, {S(def.Metrics[i].Name)}, {S(def.Metrics[i].Text)})";
    }

    private void Create(SweepDefinition def)
    {
        using var tx = _db.BeginTransaction();
        foreach (var sql in Schema(def).Concat(DefinitionRows(def))) Execute(sql);
        tx.Commit();
    }

    /// <summary>The hash of the sweep a store holds.</summary>
    public string StoredHash => Scalar("SELECT hash FROM sweep")?.ToString() ?? "";
    public string StoredName => Scalar("SELECT name FROM sweep")?.ToString() ?? "";

    private void CheckSameSweep(SweepDefinition def)
    {
        var h = StoredHash;
        if (h != def.Hash)
            throw new UserInputException(
                $"the store holds another sweep ('{StoredName}', hash {h[..Math.Min(12, h.Length)]}); this sweep file, its protocol or catalogue differ (hash {def.Hash[..12]}). " +
                "Write to a new store, or delete this one to start over", new InputLocation(Path));
    }

    /// <summary>The (point, replicate) pairs present, as work-item keys point × replicates + replicate.</summary>
    public HashSet<long> DoneKeys(int replicates)
    {
        var set = new HashSet<long>();
        using var cmd = _db.CreateCommand();
        cmd.CommandText = "SELECT point, replicate FROM replicates";
        using var r = cmd.ExecuteReader();
        while (r.Read()) set.Add((long)r.GetInt32(0) * replicates + r.GetInt32(1));
        return set;
    }

    public long Count(string table = "replicates") => Convert.ToInt64(Scalar($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);

    /// <summary>Appends rows in one transaction: all of them are stored, or none.</summary>
    public void Append(SweepDefinition def, IReadOnlyList<ReplicateRow> rows)
    {
        if (rows.Count == 0) return;
        using var tx = _db.BeginTransaction();
        using (var app = _db.CreateAppender("replicates"))
        {
            foreach (var row in rows)
            {
                var pt = def.Points[row.Point];
                var a = app.CreateRow().AppendValue(row.Point).AppendValue(row.Replicate).AppendValue(row.Seed);
                for (int i = 0; i < def.Parameters.Count; i++)
                {
                    var v = pt.Values[i];
                    a = def.Parameters[i].IsNumeric ? a.AppendValue(v.Number) : a.AppendValue(v.Text);
                }
                a = a.AppendValue(row.Outcome);
                foreach (var m in row.Metrics) a = double.IsNaN(m) ? a.AppendNullValue() : a.AppendValue((double?)m);
                a.EndRow();
            }
        }
        if (def.Series)
            using (var app = _db.CreateAppender("series"))
                foreach (var row in rows)
                foreach (var t in row.Series ?? [])
                {
                    var a = app.CreateRow().AppendValue(row.Point).AppendValue(row.Replicate).AppendValue(t.TimeHours).AppendValue(t.Total).AppendValue(t.Cycling)
                        .AppendValue(t.Quiescent).AppendValue(t.Persister).AppendValue(t.Doomed).AppendValue(t.Confluence)
                        .AppendValue(t.Drugs.GetValueOrDefault("cisplatin")).AppendValue(t.CumulativeDoseGy).AppendValue(t.ClonesAlive);
                    double nrf2 = t.Means.TryGetValue("mean_log2_nrf2", out var x) ? x : double.NaN;
                    (double.IsNaN(nrf2) ? a.AppendNullValue() : a.AppendValue((double?)nrf2)).EndRow();
                }
        tx.Commit();
    }

    /// <summary>Writes a table ordered by its keys as one Parquet file (optionally with the sweep hash as key–value metadata).</summary>
    public void CopyToParquet(string table, string file, string? hash = null)
    {
        var order = table switch { "replicates" => " ORDER BY point, replicate", "series" => " ORDER BY point, replicate, time_h", "parameters" or "metrics" => " ORDER BY position", _ => "" };
        var kv = hash is null ? "" : $", KV_METADATA {{sweep_hash: {S(hash)}}}";
        Execute($"COPY (SELECT * FROM {table}{order}) TO {S(file)} (FORMAT PARQUET, COMPRESSION ZSTD{kv})");
    }

    public bool Has(string table) => HasTable(table);

    /// <summary>Runs a query and returns its column names and rows as text (NULL as empty).</summary>
    public (IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows) Query(string sql)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        DbDataReader r;
        try { r = cmd.ExecuteReader(); }
        catch (DuckDBException e) { throw new UserInputException($"the query failed: {e.Message.Split('\n')[0]}", new InputLocation(Field: "SQL")); }
        using (r)
        {
            var cols = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
            var rows = new List<string?[]>();
            while (r.Read())
            {
                var row = new string?[cols.Length];
                for (int i = 0; i < cols.Length; i++)
                    row[i] = r.IsDBNull(i) ? null : r.GetValue(i) switch
                    {
                        double d => d.ToString("R", CultureInfo.InvariantCulture),
                        float f => f.ToString("R", CultureInfo.InvariantCulture),
                        IFormattable fm => fm.ToString(null, CultureInfo.InvariantCulture),
                        var o => o.ToString(),
                    };
                rows.Add(row);
            }
            return (cols, rows);
        }
    }

    public void Checkpoint() => Execute("CHECKPOINT");

    public void Dispose() => _db.Dispose();
}
