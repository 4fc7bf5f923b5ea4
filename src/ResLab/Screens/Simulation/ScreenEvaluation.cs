using ResLab.Screens.DrugZ;
using ResLab.Screens.Mageck;

namespace ResLab.Screens.Simulation;

/// <summary>A method's gene ranking in one direction: each gene's rank (1 = strongest) and FDR.</summary>
public sealed record GeneRanking(string Method, Direction Direction, IReadOnlyDictionary<string, (int Rank, double Fdr)> Genes)
{
    /// <summary>MAGeCK test: positive selection (enriched in treatment) for Up, negative for Down.</summary>
    public static GeneRanking FromMageck(MageckTestResult r, Direction dir) => new("MAGeCK", dir,
        r.Genes.ToDictionary(g => g.Id, g => dir == Direction.Up ? (g.Pos.Rank, g.Pos.Fdr) : (g.Neg.Rank, g.Neg.Fdr), StringComparer.Ordinal));

    /// <summary>DrugZ: suppressor interactions (resistance) for Up, synthetic (sensitising) for Down.</summary>
    public static GeneRanking FromDrugZ(DrugZResult r, Direction dir) => new("DrugZ", dir,
        r.Genes.ToDictionary(g => g.Gene, g => dir == Direction.Up ? (g.RankSupp, g.FdrSupp) : (g.RankSynth, g.FdrSynth), StringComparer.Ordinal));
}

/// <summary>How well a ranking recovers the truth in one direction.</summary>
public sealed record RankingMetrics(string Method, string Comparison, Direction Direction, double FdrThreshold, int TrueGenes, int Hits, int TruePositives,
    double Precision, double Recall, double Auc, IReadOnlyDictionary<string, int> TrueGeneRanks);

/// <summary>Precision, recall and ROC AUC of gene rankings against a simulated screen's truth.</summary>
public static class ScreenEvaluation
{
    /// <summary>
    /// Scores a ranking: the true genes are those the truth gives this direction for <paramref name="comparison"/>
    /// (non-targeting controls excluded); hits are genes at FDR below <paramref name="fdr"/>; AUC is the probability that
    /// a true gene ranks above a gene that is not (Mann–Whitney, ties half). Genes the method did not score rank last.
    /// </summary>
    public static RankingMetrics Evaluate(IReadOnlyList<GeneTruth> truth, string comparison, GeneRanking ranking, double fdr)
    {
        var genes = truth.Where(t => !t.IsControl).ToArray();
        int worst = ranking.Genes.Count + 1;
        var pos = new List<int>();
        var neg = new List<int>();
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        int hits = 0, tp = 0;
        foreach (var g in genes)
        {
            bool isTrue = g.DirectionVsReference.TryGetValue(comparison, out var d) && d == ranking.Direction;
            var (rank, q) = ranking.Genes.TryGetValue(g.Gene, out var x) ? x : (worst, 1.0);
            bool hit = q < fdr;
            if (hit) hits++;
            if (isTrue) { pos.Add(rank); ranks[g.Gene] = rank; if (hit) tp++; }
            else neg.Add(rank);
        }
        return new RankingMetrics(ranking.Method, comparison, ranking.Direction, fdr, pos.Count, hits, tp,
            hits > 0 ? (double)tp / hits : double.NaN, pos.Count > 0 ? (double)tp / pos.Count : double.NaN, Auc(pos, neg), ranks);
    }

    /// <summary>P(a positive ranks better, i.e. lower, than a negative), ties counted half.</summary>
    public static double Auc(IReadOnlyList<int> positives, IReadOnlyList<int> negatives)
    {
        if (positives.Count == 0 || negatives.Count == 0) return double.NaN;
        var neg = negatives.OrderBy(x => x).ToArray();
        double sum = 0;
        foreach (var p in positives)
        {
            int below = LowerBound(neg, p), upTo = LowerBound(neg, p + 1);
            sum += (neg.Length - upTo) + 0.5 * (upTo - below); // negatives ranked worse, and ties
        }
        return sum / ((double)positives.Count * neg.Length);
    }

    private static int LowerBound(int[] a, int v)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int m = (lo + hi) >> 1; if (a[m] < v) lo = m + 1; else hi = m; }
        return lo;
    }
}
