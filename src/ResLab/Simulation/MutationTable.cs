using ResLab.Biology;
using ResLab.Model;

namespace ResLab.Simulation;

/// <summary>
/// The heritable changes a division of a phenotype can produce (MODEL.md §4): discrete mutations, copy-number gains
/// and ±1 drift step of each continuous trait, each with its per-division probability and the daughter's phenotype.
/// Built once per clone, when it first divides.
/// </summary>
internal sealed class MutationTable
{
    public readonly double[] Rates;
    public readonly Phenotype[] Targets;
    public readonly double Total;

    /// <summary>Traits that drift epigenetically (all mechanism traits and proliferation; basal death does not).</summary>
    private static readonly Trait[] Drifting = Traits.All.Where(t => t != Trait.BasalDeath).ToArray();

    public MutationTable(LineModel L, Phenotype p, bool evolution)
    {
        var rates = new List<double>();
        var targets = new List<Phenotype>();
        void Add(double rate, Func<Phenotype> target)
        {
            if (rate <= 0) return;
            rates.Add(rate);
            targets.Add(target());
        }
        var g = p.Genotype;
        if (evolution)
        {
            if (!g.Has(Mutations.Keap1)) Add(L.Keap1Rate, () => p.WithGenotype(g.With(Mutations.Keap1)));
            if (!g.Has(Mutations.Nfe2l2)) Add(L.Nfe2l2Rate, () => p.WithGenotype(g.With(Mutations.Nfe2l2)));
            if (!g.Has(Mutations.Cul3)) Add(L.Cul3Rate, () => p.WithGenotype(g.With(Mutations.Cul3)));
            if (!g.Has(Mutations.Tp53) && !g.Has(Mutations.Hpv)) Add(L.Tp53Rate, () => p.WithGenotype(g.With(Mutations.Tp53)));
            if (g.Abcb1Gains < 8) Add(L.Abcb1GainRate, () => p.WithGenotype(g.WithGain(AmplifiedLocus.Abcb1)));
            if (g.Ano1Gains < 8) Add(L.Ano1GainRate, () => p.WithGenotype(g.WithGain(AmplifiedLocus.Ano1)));
            if (g.Actl6aGains < 8) Add(L.Actl6aGainRate, () => p.WithGenotype(g.WithGain(AmplifiedLocus.Actl6a)));
            if (L.DriftRate > 0 && L.DriftStep > 0)
            {
                int q = Math.Max(1, (int)Math.Round(L.DriftStep / Phenotype.Quantum));
                double each = L.DriftRate / (2 * Drifting.Length);
                foreach (var t in Drifting)
                {
                    Add(each, () => p.WithDriftQuanta(t, q));
                    Add(each, () => p.WithDriftQuanta(t, -q));
                }
            }
        }
        // the neutral marker is a validation device: it mutates even with evolution off
        if (!g.Has(Mutations.Marker)) Add(L.MarkerRate, () => p.WithGenotype(g.With(Mutations.Marker)));
        Rates = rates.ToArray();
        Targets = targets.ToArray();
        Total = Rates.Sum();
        TargetClasses = Targets.Select(CoarseGraining.ClassOf).ToArray();
        foreach (var (t, i) in Targets.Select((t, i) => (t, i)))
            if (!IndexOf.TryAdd(t, i)) UniqueTargets = false;
    }

    /// <summary>The coarse-graining class of each target.</summary>
    public readonly long[] TargetClasses;
    /// <summary>The index of each target (for incremental updates of a clone's target clones).</summary>
    public readonly Dictionary<Phenotype, int> IndexOf = new();
    /// <summary>False if two entries lead to the same phenotype (then <see cref="IndexOf"/> holds the first only).</summary>
    public readonly bool UniqueTargets = true;
}
