using ResLab.Model;

namespace ResLab.Simulation;

/// <summary>
/// Clone coarse-graining (docs/model.md, "Coarse-graining"): bounds the working set of a culture independently of its
/// cell number. A 10^12-cell flask realises a cloud of epigenetic-drift and copy-gain neighbours around each
/// abundant phenotype (mutant supply ∝ N) whose members each hold a negligible share of the cells; the engine's cost
/// is per clone and step, so without a bound the cost grows with N. Coarse-graining keeps the largest phenotypes and
/// folds the minor tail into its nearest kept neighbour, under three rules that keep the science of the discrete
/// mutations and of small clones exact:
/// <list type="bullet">
/// <item>never across classes: a class is the discrete genotype (TP53, KEAP1, NFE2L2, CUL3, HPV, marker, lethal) and
/// the tag; the first mutant of a class always founds its clone, so Bozic 2013 and Luria–Delbrück are untouched;</item>
/// <item>only minor clones: a clone (or a batch of mutant daughters) may be merged only while it holds at most
/// <see cref="MaxShare"/> of its class's cells, so small classes — and every clone of a young mutant lineage — are
/// simulated exactly, event by event below the exact threshold;</item>
/// <item>only when the budget is reached: nothing changes while fewer than <see cref="MaxClones"/> clones are alive,
/// so small flasks run exactly as without coarse-graining.</item>
/// </list>
/// Clones of the starting population (knock-out classes of a screen, an assay's wells) are never merged.
/// </summary>
public sealed record CoarseGraining
{
    /// <summary>On by default; off simulates every phenotype as its own clone (cost then grows with the cell number).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Working-set budget: while this many clones are alive, a minor mutant batch whose phenotype has no living
    /// clone joins its nearest living clone of its class (its parent, for drift and copy gains) instead of founding one.
    /// 64 is near the ~74 clones a 10^7-cell escalation holds at most, so such flasks reach it only briefly; 32
    /// measurably slowed the multi-step copy-gain adaptation of a 10^9-cell escalation, 64 did not (docs/model.md).</summary>
    public int MaxClones { get; init; } = 64;

    /// <summary>A merge pass reduces the working set to this fraction of <see cref="MaxClones"/>; the room left lets new
    /// phenotypes enter until the next pass, where they compete by size with the minor clones already kept.</summary>
    public double Retain { get; init; } = 0.75;

    /// <summary>Largest share of its class's cells a clone or mutant batch may hold and still be merged. Each merge then
    /// moves at most this share of a class's cells by one neighbour distance.</summary>
    public double MaxShare { get; init; } = 1e-3;

    /// <summary>Farthest a merged clone or a folded mutant batch may move (L1 distance of the effective log2 traits):
    /// 0.6 admits one heritable step (a copy gain is 0.585, a drift step 0.25 plus its couplings, at most 0.5) and
    /// nothing further, so cells never land on a phenotype two steps away. Without it, KEAP1 mutants of an ANO1-gain
    /// parent joined a KEAP1 clone without the gains and the NRF2-pathway share of a 10^12-cell escalation fell 8-fold.</summary>
    public double MaxDistance { get; init; } = 0.6;

    /// <summary>Hours between merge passes (a pass runs only if the budget was reached since the previous one).</summary>
    public double Every { get; init; } = 24;

    public static CoarseGraining Off { get; } = new() { Enabled = false };

    internal void Validate()
    {
        if (!Enabled) return;
        if (MaxClones < 1) throw new ArgumentOutOfRangeException(nameof(MaxClones), MaxClones, "the clone budget must be at least 1");
        if (!(Retain > 0 && Retain <= 1)) throw new ArgumentOutOfRangeException(nameof(Retain), Retain, "expected a fraction in (0, 1]");
        if (!(MaxShare >= 0 && MaxShare <= 1)) throw new ArgumentOutOfRangeException(nameof(MaxShare), MaxShare, "expected a fraction in [0, 1]");
        if (!(MaxDistance >= 0)) throw new ArgumentOutOfRangeException(nameof(MaxDistance), MaxDistance, "expected a non-negative distance");
        if (!(Every > 0) || !double.IsFinite(Every)) throw new ArgumentOutOfRangeException(nameof(Every), Every, "expected a positive number of hours");
    }

    /// <summary>The class of a phenotype: its discrete mutations and its tag (copy gains and drift are continuous).</summary>
    public static long ClassOf(Phenotype p) => ((long)p.Tag << 16) | (ushort)p.Genotype.Mutations;

    /// <summary>Distance between two phenotypes: the L1 distance of their effective log2 traits.</summary>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double d = 0;
        for (int i = 0; i < a.Length; i++) d += Math.Abs(a[i] - b[i]);
        return d;
    }
}
