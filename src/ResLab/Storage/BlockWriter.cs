using System.Runtime.CompilerServices;
using System.Text;

namespace ResLab.Storage;

/// <summary>
/// Writes a large text table fast and deterministically: rows are formatted in parallel blocks, each into its own
/// buffer, and the blocks are written in order through <see cref="AtomicFile"/> — the same bytes for any thread count.
/// </summary>
public static class BlockWriter
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(string path, string header, int rows, Action<int, StringBuilder> row)
    {
        const int block = 4096;
        int blocks = (rows + block - 1) / block;
        var parts = new string[blocks];
        Parallel.For(0, blocks, b =>
        {
            var sb = new StringBuilder(block * 96);
            int end = Math.Min(rows, (b + 1) * block);
            for (int k = b * block; k < end; k++) row(k, sb);
            parts[b] = sb.ToString();
        });
        AtomicFile.Write(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16);
            w.Write(header);
            w.Write('\n');
            foreach (var p in parts) w.Write(p);
        });
    }

    /// <summary>Appends a number as <see cref="NumberFormat.Format(double)"/> spells it, without allocating.</summary>
    public static void AppendNumber(StringBuilder sb, double v)
    {
        if (!double.IsFinite(v))
        {
            sb.Append(NumberFormat.Format(v));
            return;
        }
        Span<char> buf = stackalloc char[32];
        v.TryFormat(buf, out int n, "R", System.Globalization.CultureInfo.InvariantCulture);
        sb.Append(buf[..n]);
    }
}
