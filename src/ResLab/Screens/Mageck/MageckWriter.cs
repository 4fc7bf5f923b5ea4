using System.Runtime.CompilerServices;
using System.Text;
using ResLab.Storage;
using static ResLab.Storage.PeerNumberFormat;

namespace ResLab.Screens.Mageck;

/// <summary>
/// Writes <c>mageck test</c>'s files in MAGeCK 0.5.9.2's exact layout and number spelling, so that downstream tools
/// (MAGeCKFlute, VISPR, scripts) read them unchanged: <c>sgrna_summary.txt</c> (Python <c>{:.5g}</c>),
/// <c>gene_summary.txt</c> (RRA's <c>%.4e</c>/<c>%f</c> read back and re-spelled by Python) and <c>normalized.txt</c>
/// (Python <c>repr</c>). Rows are formatted in parallel blocks and written in order.
/// </summary>
public static class MageckWriter
{
    public static readonly string[] SgrnaHeader =
        ["sgrna", "Gene", "control_count", "treatment_count", "control_mean", "treat_mean", "LFC", "control_var", "adj_var", "score", "p.low", "p.high", "p.twosided", "FDR", "high_in_treatment"];

    public static readonly string[] GeneHeader =
        ["id", "num", "neg|score", "neg|p-value", "neg|fdr", "neg|rank", "neg|goodsgrna", "neg|lfc", "pos|score", "pos|p-value", "pos|fdr", "pos|rank", "pos|goodsgrna", "pos|lfc"];

    public static void WriteSgrnaSummary(MageckTestResult r, string path) => WriteSgrnaSummary(r.Sgrnas, r.SgrnaOrder, path);

    /// <summary>The sgRNA summary from the sgRNA stage alone (rows in <paramref name="order"/>), before the gene test has run.</summary>
    public static void WriteSgrnaSummary(SgrnaStats s, int[] order, string path) =>
        BlockWriter.Write(path, string.Join('\t', SgrnaHeader), order.Length, (k, sb) => SgrnaRow(s, order[k], sb));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SgrnaRow(SgrnaStats s, int i, StringBuilder sb)
    {
        sb.Append(s.Ids[i]).Append('\t').Append(s.Genes[i]).Append('\t');
        Join(sb, s.ControlCounts[i]);
        sb.Append('\t');
        Join(sb, s.TreatmentCounts[i]);
        foreach (var v in (ReadOnlySpan<double>)[s.ControlMean[i], s.TreatmentMean[i], s.Lfc[i], s.ControlVar[i], s.AdjustedVar[i], Math.Abs(s.Theta[i]),
                     s.PLow[i], s.PHigh[i], s.PTwoSided[i], s.Fdr[i]])
        {
            sb.Append('\t');
            AppendPythonG(sb, v);
        }
        sb.Append('\t').Append(PythonBool(s.TreatmentMean[i] > s.ControlMean[i])).Append('\n');
    }

    public static void WriteGeneSummary(MageckTestResult r, string path)
    {
        BlockWriter.Write(path, string.Join('\t', GeneHeader), r.Genes.Length, (k, sb) =>
        {
            var g = r.Genes[k];
            sb.Append(g.Id).Append('\t').Append(g.Sgrnas);
            Side(sb, g.Neg);
            Side(sb, g.Pos);
            sb.Append('\n');
        });
    }

    /// <summary>Normalised counts of the selected samples (controls then treatments), MAGeCK's <c>--normcounts-to-file</c>.</summary>
    public static void WriteNormalized(CountTable t, MageckTestResult r, string path) =>
        WriteNormalized(t, r.ControlSamples, r.TreatmentSamples, r.Normalized, path);

    /// <summary>Normalised counts ([sample][sgRNA], controls then treatments) under the samples' names.</summary>
    public static void WriteNormalized(CountTable t, string[] controls, string[] treatments, double[][] normalized, string path)
    {
        var header = "sgRNA\tGene\t" + string.Join('\t', controls.Concat(treatments));
        BlockWriter.Write(path, header, t.SgrnaCount, (i, sb) => NormalizedRow(t, normalized, i, sb));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void NormalizedRow(CountTable t, double[][] normalized, int i, StringBuilder sb)
    {
        sb.Append(t.Sgrnas[i]).Append('\t').Append(t.Genes[i]);
        foreach (var col in normalized)
        {
            sb.Append('\t');
            AppendPythonRepr(sb, col[i]);
        }
        sb.Append('\n');
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Side(StringBuilder sb, GeneSide s)
    {
        sb.Append('\t');
        AppendPythonReprOfCExponent(sb, s.Score);
        sb.Append('\t');
        AppendPythonReprOfCExponent(sb, s.P);
        sb.Append('\t');
        AppendPythonReprOfCFixed(sb, s.Fdr);
        sb.Append('\t').Append(s.Rank)
          .Append('\t').Append(s.GoodSgrnas)
          .Append('\t');
        AppendPythonG(sb, s.Lfc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Join(StringBuilder sb, double[] values)
    {
        for (int k = 0; k < values.Length; k++)
        {
            if (k > 0) sb.Append('/');
            AppendPythonG(sb, values[k]);
        }
    }
}
