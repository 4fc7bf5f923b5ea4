using System.Globalization;
using System.Text;
using ResLab.Storage;

namespace ResLab.Screens;

/// <summary>Writes a <see cref="CountTable"/> as MAGeCK's count table (<c>sgRNA, Gene, sample…</c>, tab-separated), e.g. for a simulated screen.</summary>
public static class CountTableWriter
{
    public static void Write(CountTable table, string path) => AtomicFile.Write(path, s =>
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        Write(table, w);
    });

    public static void Write(CountTable table, TextWriter w)
    {
        w.Write("sgRNA\tGene");
        foreach (var s in table.Samples) { w.Write('\t'); w.Write(s); }
        w.Write('\n');
        Span<char> buf = stackalloc char[24];
        for (int i = 0; i < table.SgrnaCount; i++)
        {
            w.Write(table.Sgrnas[i]);
            w.Write('\t');
            w.Write(table.Genes[i]);
            for (int s = 0; s < table.SampleCount; s++)
            {
                w.Write('\t');
                ((long)table.Count(i, s)).TryFormat(buf, out int n, default, CultureInfo.InvariantCulture);
                w.Write(buf[..n]);
            }
            w.Write('\n');
        }
    }
}
