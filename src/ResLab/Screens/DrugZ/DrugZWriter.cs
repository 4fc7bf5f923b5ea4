using System.Text;
using ResLab.Storage;

namespace ResLab.Screens.DrugZ;

/// <summary>DrugZ's output table (its columns and order) at full round-trip precision, and its guide-level fold-change table.</summary>
public static class DrugZWriter
{
    public static readonly string[] Header = ["GENE", "sumZ", "numObs", "normZ", "pval_synth", "rank_synth", "fdr_synth", "pval_supp", "rank_supp", "fdr_supp"];

    public static void WriteGenes(DrugZResult r, string path)
    {
        using var w = new DelimitedWriter(path, Header, '\t', quote: false);
        foreach (var g in r.Genes)
            w.Values(g.Gene, g.SumZ, g.NumObs, g.NormZ, g.PSynth, g.RankSynth, g.FdrSynth, g.PSupp, g.RankSupp, g.FdrSupp);
    }

    /// <summary>Per guide: raw control reads, then per fold-change column the fold change, the smoothed σ and z (DrugZ's -f file, full precision, input order).</summary>
    public static void WriteGuides(CountTable t, DrugZResult r, IReadOnlyList<int> controls, string path)
    {
        var header = new List<string> { "sgRNA", "GENE" };
        header.AddRange(controls.Select(c => t.Samples[c]));
        foreach (var g in r.Guides) header.AddRange([g.Column, "eb_std_" + g.Column, "zscore_" + g.Column]);
        using var w = new DelimitedWriter(path, header, '\t', quote: false);
        var cells = new string[header.Count];
        for (int k = 0; k < r.GuideRows.Length; k++)
        {
            int i = r.GuideRows[k], c = 0;
            cells[c++] = t.Sgrnas[i];
            cells[c++] = t.Genes[i];
            foreach (var s in controls) cells[c++] = NumberFormat.Format(t.Count(i, s));
            foreach (var g in r.Guides)
            {
                cells[c++] = NumberFormat.Format(g.FoldChange[k]);
                cells[c++] = NumberFormat.Format(g.EbStd[k]);
                cells[c++] = NumberFormat.Format(g.Z[k]);
            }
            w.Row(cells);
        }
    }
}
