using System.Text;

namespace ResLab.Storage;

/// <summary>
/// Writes a delimited table (CSV by default) with RFC 4180 quoting. Cells are written as given; use
/// <see cref="NumberFormat"/> for numbers. Lines end with '\n' on every platform, so outputs are byte-identical.
/// </summary>
public sealed class DelimitedWriter : IDisposable
{
    private readonly TextWriter _w;
    private readonly char _sep;
    private readonly bool _quote;
    private readonly int _width;

    public DelimitedWriter(string path, IReadOnlyList<string> header, char separator = ',', bool quote = true)
        : this(new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16), header, separator, quote) { }

    public DelimitedWriter(TextWriter writer, IReadOnlyList<string> header, char separator = ',', bool quote = true)
    {
        _w = writer;
        _w.NewLine = "\n";
        _sep = separator;
        _quote = quote;
        _width = header.Count;
        Row(header);
    }

    public void Row(IReadOnlyList<string> cells)
    {
        if (cells.Count != _width) throw new InvalidOperationException($"row has {cells.Count} cells, header has {_width}");
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0) _w.Write(_sep);
            _w.Write(_quote ? Escape(cells[i]) : cells[i]);
        }
        _w.Write('\n');
    }

    public void Values(params object?[] cells) => Row((IReadOnlyList<string>)cells.Select(Cell).ToArray());

    private static string Cell(object? v) => v switch
    {
        null => "NA",
        double d => NumberFormat.Format(d),
        float f => NumberFormat.Format(f),
        int i => NumberFormat.Format(i),
        long l => NumberFormat.Format(l),
        bool b => NumberFormat.Format(b),
        _ => v.ToString() ?? "",
    };

    private string Escape(string s)
    {
        if (s.IndexOfAny([_sep, '"', '\n', '\r']) < 0) return s;
        return "\"" + s.Replace("\"", "\"\"") + "\"";
    }

    public void Dispose() => _w.Dispose();
}
