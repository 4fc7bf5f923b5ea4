using System.Runtime.CompilerServices;
using System.Text;

namespace ResLab.Storage;

/// <summary>
/// Writes a large text table fast and deterministically: rows are formatted in parallel blocks, each into its own
/// buffer, and the blocks are written in order through <see cref="AtomicFile"/> — the same bytes for any thread count.
/// </summary>
public static class BlockWriter
{
    public static void Write(string path, string header, int rows, Action<int, StringBuilder> row)
    {
        const int block = 4096;
        int blocks = (rows + block - 1) / block;
        var parts = new byte[blocks][];
        // Each worker formats its blocks into one reused builder and keeps only the UTF-8 bytes of each block: the
        // table is held once, as the bytes of the file, not as builder chunks and strings twice its size.
        Parallel.For(0, blocks, () => new StringBuilder(block * 128), (b, _, sb) =>
        {
            sb.Clear();
            int end = Math.Min(rows, (b + 1) * block);
            for (int k = b * block; k < end; k++) row(k, sb);
            parts[b] = Utf8(sb);
            return sb;
        }, _ => { });
        var utf8 = new UTF8Encoding(false);
        AtomicFile.Write(path, s =>
        {
            s.Write(utf8.GetBytes(header + "\n"));
            foreach (var p in parts) s.Write(p);
        });
    }

    /// <summary>The builder's text in UTF-8 (a builder of several chunks, which could split a surrogate pair, as one string).</summary>
    private static byte[] Utf8(StringBuilder sb)
    {
        ReadOnlyMemory<char> text = default;
        int chunks = 0;
        foreach (var chunk in sb.GetChunks())
            if (chunks++ == 0) text = chunk;
        if (chunks > 1) text = sb.ToString().AsMemory();
        var bytes = GC.AllocateUninitializedArray<byte>(Encoding.UTF8.GetByteCount(text.Span));
        Encoding.UTF8.GetBytes(text.Span, bytes);
        return bytes;
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
