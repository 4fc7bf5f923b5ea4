using System.Runtime.CompilerServices;
using System.Text;
using ResLab.Storage;

namespace ResLab.Screens.DrugZ;

/// <summary>DrugZ's output table (its columns and order) at full round-trip precision, and its guide-level fold-change table.</summary>
public static class DrugZWriter
{
    public static readonly string[] Header = ["GENE", "sumZ", "numObs", "normZ", "pval_synth", "rank_synth", "fdr_synth", "pval_supp", "rank_supp", "fdr_supp"];

    public static void WriteGenes(DrugZResult r, string path) =>
        BlockWriter.Write(path, string.Join('\t', Header), r.Genes.Count, (k, sb) =>
        {
            var g = r.Genes[k];
            sb.Append(g.Gene).Append('\t');
            BlockWriter.AppendNumber(sb, g.SumZ);
            sb.Append('\t').Append(g.NumObs).Append('\t');
            BlockWriter.AppendNumber(sb, g.NormZ);
            sb.Append('\t');
            BlockWriter.AppendNumber(sb, g.PSynth);
            sb.Append('\t').Append(g.RankSynth).Append('\t');
            BlockWriter.AppendNumber(sb, g.FdrSynth);
            sb.Append('\t');
            BlockWriter.AppendNumber(sb, g.PSupp);
            sb.Append('\t').Append(g.RankSupp).Append('\t');
            BlockWriter.AppendNumber(sb, g.FdrSupp);
            sb.Append('\n');
        });

    /// <summary>Per guide: raw control reads, then per fold-change column the fold change, the smoothed σ and z (DrugZ's -f file, full precision, input order).</summary>
    public static void WriteGuides(CountTable t, DrugZResult r, IReadOnlyList<int> controls, string path)
    {
        var header = new List<string> { "sgRNA", "GENE" };
        header.AddRange(controls.Select(c => t.Samples[c]));
        foreach (var g in r.Guides) header.AddRange([g.Column, "eb_std_" + g.Column, "zscore_" + g.Column]);
        BlockWriter.Write(path, string.Join('\t', header), r.GuideRows.Length, (k, sb) => GuideRow(t, r, controls, k, sb));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void GuideRow(CountTable t, DrugZResult r, IReadOnlyList<int> controls, int k, StringBuilder sb)
    {
        int i = r.GuideRows[k];
        sb.Append(t.Sgrnas[i]).Append('\t').Append(t.Genes[i]);
        foreach (var s in controls) sb.Append('\t').Append((long)t.Count(i, s));
        foreach (var g in r.Guides)
        {
            sb.Append('\t');
            BlockWriter.AppendNumber(sb, g.FoldChange[k]);
            sb.Append('\t');
            BlockWriter.AppendNumber(sb, g.EbStd[k]);
            sb.Append('\t');
            BlockWriter.AppendNumber(sb, g.Z[k]);
        }
        sb.Append('\n');
    }
}
