using System.Globalization;
using System.Text;
using ResLab.Storage;
using ResLab.Tests.Analysis;

namespace ResLab.Tests.Storage;

/// <summary>Python's and C's number spellings, against Python 3.11 itself (Fixtures/crispr/python_number_formats.tsv).</summary>
public class PeerNumberFormatTests
{
    [Fact]
    public void Every_spelling_matches_Python()
    {
        var sb = new StringBuilder();
        foreach (var line in File.ReadLines(Fixtures.Path("crispr", "python_number_formats.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            double x = BitConverter.Int64BitsToDouble(long.Parse(f[0], CultureInfo.InvariantCulture));
            Assert.Equal(f[1], PeerNumberFormat.PythonRepr(x));
            Assert.Equal(f[2], PeerNumberFormat.PythonG(x));
            Assert.Equal(f[3], PeerNumberFormat.CExponent(x));
            Assert.Equal(f[4], PeerNumberFormat.CFixed(x));
            sb.Clear();
            PeerNumberFormat.AppendPythonG(sb, x);
            Assert.Equal(f[2], sb.ToString());
            sb.Clear();
            PeerNumberFormat.AppendPythonRepr(sb, x);
            Assert.Equal(f[1], sb.ToString());
        }
    }

    [Fact]
    public void Fast_appenders_agree_with_the_exact_formatters_on_random_values()
    {
        var rng = new Random(11);
        var sb = new StringBuilder();
        for (int i = 0; i < 200_000; i++)
        {
            double x = (i % 3) switch
            {
                0 => rng.NextDouble() * Math.Pow(10, rng.Next(-30, 30)),
                1 => Math.Round(rng.NextDouble() * 1e6) / Math.Pow(2, rng.Next(0, 12)),
                _ => -rng.NextDouble() * Math.Pow(10, rng.Next(-8, 8)),
            };
            sb.Clear();
            PeerNumberFormat.AppendPythonG(sb, x);
            Assert.Equal(PeerNumberFormat.PythonG(x), sb.ToString());
            sb.Clear();
            PeerNumberFormat.AppendPythonRepr(sb, x);
            Assert.Equal(PeerNumberFormat.PythonRepr(x), sb.ToString());
            sb.Clear();
            PeerNumberFormat.AppendPythonReprOfCExponent(sb, x);
            Assert.Equal(PeerNumberFormat.PythonReprOfCExponent(x), sb.ToString());
            double p = Math.Abs(x) < 1e9 ? x : x / 1e20;
            sb.Clear();
            PeerNumberFormat.AppendPythonReprOfCFixed(sb, p);
            Assert.Equal(PeerNumberFormat.PythonReprOfCFixed(p), sb.ToString());
        }
    }

    [Fact]
    public void Rra_values_read_back_by_Python()
    {
        Assert.Equal("3.6799e-06", PeerNumberFormat.PythonReprOfCExponent(3.67991234e-6));
        Assert.Equal("1.0", PeerNumberFormat.PythonReprOfCExponent(0.999996));
        Assert.Equal("0.5", PeerNumberFormat.PythonReprOfCExponent(0.5));
        Assert.Equal("0.005489", PeerNumberFormat.PythonReprOfCFixed(0.0054890000004));
        Assert.Equal("0.0", PeerNumberFormat.PythonReprOfCFixed(1e-9));
    }
}
