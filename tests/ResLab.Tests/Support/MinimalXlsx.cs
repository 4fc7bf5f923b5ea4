using System.IO.Compression;
using System.Net;
using System.Text;

namespace ResLab.Tests.Support;

/// <summary>
/// Writes a small .xlsx workbook (numbers as numbers, text as inline strings) so that tests can check the xlsx input
/// path without a spreadsheet package: the minimal Office Open XML parts ExcelDataReader needs.
/// </summary>
public static class MinimalXlsx
{
    public static void Write(string path, IReadOnlyList<(string Name, IReadOnlyList<IReadOnlyList<string>> Rows)> sheets)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Part(string name, string xml)
        {
            using var s = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            s.Write(xml);
        }
        var types = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">" +
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>" +
            "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
        for (int i = 1; i <= sheets.Count; i++)
            types.Append($"<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        Part("[Content_Types].xml", types.Append("</Types>").ToString());
        Part("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        var wb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " +
                                   "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
        var rels = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int i = 1; i <= sheets.Count; i++)
        {
            wb.Append($"<sheet name=\"{WebUtility.HtmlEncode(sheets[i - 1].Name)}\" sheetId=\"{i}\" r:id=\"rId{i}\"/>");
            rels.Append($"<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{i}.xml\"/>");
        }
        Part("xl/workbook.xml", wb.Append("</sheets></workbook>").ToString());
        Part("xl/_rels/workbook.xml.rels", rels.Append("</Relationships>").ToString());
        for (int i = 1; i <= sheets.Count; i++)
        {
            var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            var rows = sheets[i - 1].Rows;
            for (int r = 0; r < rows.Count; r++)
            {
                sb.Append($"<row r=\"{r + 1}\">");
                for (int c = 0; c < rows[r].Count; c++)
                {
                    var cell = rows[r][c];
                    var refName = $"{Column(c)}{r + 1}";
                    if (cell.Length == 0) continue;
                    if (double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                        sb.Append($"<c r=\"{refName}\"><v>{cell}</v></c>");
                    else
                        sb.Append($"<c r=\"{refName}\" t=\"inlineStr\"><is><t>{WebUtility.HtmlEncode(cell)}</t></is></c>");
                }
                sb.Append("</row>");
            }
            Part($"xl/worksheets/sheet{i}.xml", sb.Append("</sheetData></worksheet>").ToString());
        }
    }

    /// <summary>A sheet from CSV text (no quoting).</summary>
    public static IReadOnlyList<IReadOnlyList<string>> FromCsv(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (IReadOnlyList<string>)l.TrimEnd('\r').Split(',')).ToList();

    private static string Column(int c) => c < 26 ? ((char)('A' + c)).ToString() : Column(c / 26 - 1) + (char)('A' + c % 26);
}
