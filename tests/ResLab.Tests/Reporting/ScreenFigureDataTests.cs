using ResLab.Reporting;
using ResLab.Screens.Mageck;
using Xunit;

namespace ResLab.Tests.Reporting;

/// <summary>The shortcuts of the screen figures give what the plain sorts give.</summary>
public class ScreenFigureDataTests
{
    private static GeneStats Gene(string id, int negRank, int posRank) =>
        new(id, 4, new GeneSide(0.1, 0.1, 0.1, negRank, 4, 0), new GeneSide(0.1, 0.1, 0.1, posRank, 4, 0));

    [Fact]
    public void Rank_order_of_a_permutation_is_the_sorted_order()
    {
        var rng = new System.Random(7);
        var ranks = Enumerable.Range(1, 500).OrderBy(_ => rng.Next()).ToArray();
        var genes = ranks.Select((r, i) => Gene("g" + i, r, 501 - r)).ToArray();
        Assert.Equal(genes.OrderBy(g => g.Neg.Rank), ScreenTestJob.InRankOrder(genes, g => g.Neg.Rank));
        Assert.Equal(genes.OrderBy(g => g.Pos.Rank), ScreenTestJob.InRankOrder(genes, g => g.Pos.Rank));
    }

    [Fact]
    public void Rank_order_with_ties_or_gaps_falls_back_to_a_stable_sort()
    {
        GeneStats[] tied = [Gene("a", 2, 1), Gene("b", 1, 1), Gene("c", 2, 1)];
        Assert.Equal(["b", "a", "c"], ScreenTestJob.InRankOrder(tied, g => g.Neg.Rank).Select(g => g.Id));
        GeneStats[] gap = [Gene("a", 5, 1), Gene("b", 1, 1)];
        Assert.Equal(["b", "a"], ScreenTestJob.InRankOrder(gap, g => g.Neg.Rank).Select(g => g.Id));
    }

    [Fact]
    public void Reference_levels_are_the_5_50_95_percent_points_of_the_finite_values()
    {
        // 0..100 shuffled with non-finite values mixed in: the nearest-rank points are 5, 50 and 95.
        var rng = new System.Random(3);
        var values = Enumerable.Range(0, 101).Select(i => (double)i).Concat([double.NaN, double.PositiveInfinity, double.NegativeInfinity])
            .OrderBy(_ => rng.Next()).ToArray();
        Assert.Equal([5.0, 50.0, 95.0], ScreenPlots.ReferenceLevels(values));
        Assert.Empty(ScreenPlots.ReferenceLevels([double.NaN]));
    }
}
