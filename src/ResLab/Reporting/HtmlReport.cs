using System.Net;
using System.Text;

namespace ResLab.Reporting;

/// <summary>
/// A self-contained HTML report: headings, paragraphs, tables and figures (inline SVG, or PNG as a data URI),
/// one file with no external resources, so it can be mailed or archived with the data.
/// </summary>
public sealed class HtmlReport
{
    private readonly StringBuilder _body = new();
    private readonly List<(int Level, string Id, string Title)> _toc = new();
    private int _figures;

    public string Title { get; }

    public HtmlReport(string title) { Title = title; }

    public HtmlReport Heading(string text, int level = 2)
    {
        var id = "s" + (_toc.Count + 1);
        _toc.Add((level, id, text));
        _body.Append($"<h{level} id=\"{id}\">{Esc(text)}</h{level}>\n");
        return this;
    }

    public HtmlReport Paragraph(string text)
    {
        _body.Append($"<p>{Esc(text)}</p>\n");
        return this;
    }

    /// <summary>Raw, trusted HTML (for small composed fragments only).</summary>
    public HtmlReport Html(string html)
    {
        _body.Append(html).Append('\n');
        return this;
    }

    public HtmlReport Note(string text)
    {
        _body.Append($"<p class=\"note\">{Esc(text)}</p>\n");
        return this;
    }

    public HtmlReport Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? caption = null)
    {
        _body.Append("<div class=\"tw\"><table>");
        if (caption is not null) _body.Append($"<caption>{Esc(caption)}</caption>");
        _body.Append("<thead><tr>");
        foreach (var h in header) _body.Append($"<th>{Esc(h)}</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (var r in rows)
        {
            _body.Append("<tr>");
            foreach (var c in r) _body.Append($"<td>{Esc(c)}</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table></div>\n");
        return this;
    }

    /// <summary>An inline SVG figure (the SVG text as produced by the plotting code).</summary>
    public HtmlReport SvgFigure(string svg, string caption)
    {
        _figures++;
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var inner = start >= 0 ? svg[start..] : svg;
        _body.Append($"<figure class=\"plot\">{inner}<figcaption>Figure {_figures}. {Esc(caption)}</figcaption></figure>\n");
        return this;
    }

    public HtmlReport PngFigure(byte[] png, string caption)
    {
        _figures++;
        _body.Append($"<figure class=\"plot\"><img alt=\"{Esc(caption)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"/>" +
                     $"<figcaption>Figure {_figures}. {Esc(caption)}</figcaption></figure>\n");
        return this;
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>");
        sb.Append($"<title>{Esc(Title)}</title><style>{Css}</style></head><body>\n");
        sb.Append($"<header><h1>{Esc(Title)}</h1><p class=\"meta\">ResLab {Esc(VersionInfo.Version)}</p></header>\n");
        if (_toc.Count > 2)
        {
            sb.Append("<nav><ul>");
            foreach (var (level, id, title) in _toc.Where(t => t.Level == 2))
                sb.Append($"<li><a href=\"#{id}\">{Esc(title)}</a></li>");
            sb.Append("</ul></nav>\n");
        }
        sb.Append("<main>\n").Append(_body).Append("</main></body></html>\n");
        return sb.ToString();
    }

    public void Save(string path) => Storage.AtomicFile.WriteText(path, Render());

    public static string Esc(string s) => WebUtility.HtmlEncode(s);

    private const string Css =
        "body{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fff}" +
        "header{background:#1f3b57;color:#fff;padding:12px 24px}header h1{margin:0;font-size:1.5em}" +
        ".meta{margin:2px 0 0;opacity:.8;font-size:.85em}nav{padding:6px 24px;border-bottom:1px solid #ddd}" +
        "nav ul{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:16px}nav a{color:#1f3b57}" +
        "main{padding:8px 24px 40px;max-width:1200px}h2{border-bottom:2px solid #1f3b57;padding-bottom:4px;margin-top:32px}" +
        ".tw{overflow-x:auto}table{border-collapse:collapse;font-size:.85em;margin:8px 0}" +
        "th,td{border:1px solid #ccc;padding:3px 8px;text-align:right;white-space:nowrap}th{background:#eef2f6}" +
        "td:first-child,th:first-child{text-align:left}caption{text-align:left;font-weight:bold;padding:4px 0}" +
        "figure.plot{display:inline-block;margin:8px 12px 8px 0;vertical-align:top}figure.plot svg,figure.plot img{max-width:100%;height:auto}" +
        "figcaption{font-size:.85em;color:#555;max-width:640px}.note{color:#555;font-size:.9em}.flag{color:#a33}";
}
