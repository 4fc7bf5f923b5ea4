using System.Globalization;
using ResLab.Screens.DrugZ;
using ResLab.Tests.Analysis;

namespace ResLab.Tests.Screens;

/// <summary>DrugZ against drugz.py 1.1.0.2's own outputs on MAGeCK's demo counts (Fixtures/crispr, see ORIGIN.md).</summary>
public class DrugZReferenceTests
{
    public static TheoryData<string, bool, int> Cases => new()
    {
        { "CR1_drugz_paired_hws500_fullprec.csv", false, 500 },
        { "CR1_drugz_paired_hws100_fullprec.csv", false, 100 },
        { "CR1_drugz_unpaired_hws100_fullprec.csv", true, 100 },
    };

    internal static DrugZResult Run(bool unpaired, int hws) => DrugZAnalysis.Run(MageckReferenceTests.Demo(), new DrugZOptions
    {
        Control = ["HL60.initial", "KBM7.initial"], Treatment = ["HL60.final", "KBM7.final"], Unpaired = unpaired, HalfWindow = hws,
    });

    [Theory, MemberData(nameof(Cases))]
    public void Gene_scores_p_values_and_fdrs_agree_to_1e6(string file, bool unpaired, int hws)
    {
        var r = Run(unpaired, hws);
        var rows = Fixtures.Rows("crispr", file);
        Assert.Equal(rows.Count, r.Genes.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var f = rows[i];
            var g = r.Genes[i];
            Assert.Equal(f["GENE"], g.Gene); // same output order
            Assert.Equal(int.Parse(f["numObs"], CultureInfo.InvariantCulture), g.NumObs);
            Assert.Equal(int.Parse(f["rank_synth"], CultureInfo.InvariantCulture), g.RankSynth);
            Assert.Equal(int.Parse(f["rank_supp"], CultureInfo.InvariantCulture), g.RankSupp);
            Fixtures.Close(Fixtures.Num(f["sumZ"]), g.SumZ, 1e-6, $"{g.Gene} sumZ");
            Fixtures.Close(Fixtures.Num(f["normZ"]), g.NormZ, 1e-6, $"{g.Gene} normZ");
            Fixtures.Close(Fixtures.Num(f["pval_synth"]), g.PSynth, 1e-6, $"{g.Gene} pval_synth");
            Fixtures.Close(Fixtures.Num(f["fdr_synth"]), g.FdrSynth, 1e-6, $"{g.Gene} fdr_synth");
            Fixtures.Close(Fixtures.Num(f["pval_supp"]), g.PSupp, 1e-6, $"{g.Gene} pval_supp");
            Fixtures.Close(Fixtures.Num(f["fdr_supp"]), g.FdrSupp, 1e-6, $"{g.Gene} fdr_supp");
        }
    }

    /// <summary>
    /// DrugZ's guide-level file: guides in its sort order (control reads descending, ties as numpy's quicksort leaves
    /// them), with the fold change, smoothed σ and z per replicate (written by DrugZ with 3 decimals).
    /// </summary>
    [Fact]
    public void Guide_order_fold_changes_and_smoothed_sd_are_DrugZs()
    {
        var t = MageckReferenceTests.Demo();
        var r = Run(false, 500);
        var lines = File.ReadAllLines(Fixtures.Path("crispr", "CR1_drugz_paired_hws500_foldchange.txt"));
        var header = lines[0].Split('\t');
        var order = NumpyArgsort.SortValues(Enumerable.Range(0, t.SgrnaCount).Select(i => t.Count(i, 0)).ToArray(), ascending: false);
        Assert.Equal(t.SgrnaCount, lines.Length - 1);
        for (int k = 0; k < order.Length; k++)
        {
            var f = lines[k + 1].Split('\t');
            int i = order[k];
            Assert.Equal(f[0], t.Sgrnas[i]);
            for (int rep = 0; rep < 2; rep++)
            {
                var col = r.Guides[rep];
                double fc = double.Parse(f[Array.IndexOf(header, $"fc_{rep}")], CultureInfo.InvariantCulture);
                double eb = double.Parse(f[Array.IndexOf(header, $"eb_std_{rep}")], CultureInfo.InvariantCulture);
                double z = double.Parse(f[Array.IndexOf(header, $"zscore_fc_{rep}")], CultureInfo.InvariantCulture);
                Assert.True(Math.Abs(col.FoldChange[i] - fc) <= 0.0005 + 1e-12, $"{t.Sgrnas[i]} fc_{rep}");
                Assert.True(Math.Abs(col.EbStd[i] - eb) <= 0.0005 + 1e-12, $"{t.Sgrnas[i]} eb_std_{rep}");
                Assert.True(Math.Abs(col.Z[i] - z) <= 0.0005 + 1e-12, $"{t.Sgrnas[i]} zscore_fc_{rep}");
            }
        }
    }

    [Fact]
    public void Argsort_reproduces_numpy_1_24_quicksort_and_pandas_descending_order()
    {
        foreach (var line in File.ReadLines(Fixtures.Path("crispr", "numpy_argsort.tsv")).Skip(1))
        {
            var f = line.Split('\t');
            var v = f[1].Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var asc = f[2].Split(',').Select(int.Parse).ToArray();
            var desc = f[3].Split(',').Select(int.Parse).ToArray();
            Assert.Equal(asc, NumpyArgsort.Argsort(v));
            Assert.Equal(desc, NumpyArgsort.SortValues(v, ascending: false));
        }
    }

    [Fact]
    public void Reference_headline_ACTR8_normZ()
    {
        var top = Run(false, 500).Genes[0];
        Assert.Equal("ACTR8", top.Gene);
        Assert.Equal(-3.69, top.NormZ, 0.005);
        Assert.Equal(0.0069, top.FdrSynth, 0.0001);
    }
}
