using ResLab.Biology;

namespace ResLab.Model;

/// <summary>
/// A clone's heritable identity: its genotype, its epigenetic drift of each continuous trait (whole quanta of
/// 1/64 log2, so that identical phenotypes are exactly equal and merge), and a tag (a lineage barcode or sgRNA)
/// that keeps otherwise identical clones apart. Immutable, with value equality.
/// </summary>
public sealed class Phenotype : IEquatable<Phenotype>
{
    /// <summary>Drift is stored in quanta of this many log2 units.</summary>
    public const double Quantum = 1.0 / 64;

    private readonly short[] _drift;
    private readonly int _hash;

    public Genotype Genotype { get; }
    public int Tag { get; }

    public Phenotype(Genotype genotype, ReadOnlySpan<short> drift = default, int tag = 0)
    {
        Genotype = genotype;
        Tag = tag;
        _drift = new short[Traits.Count];
        drift.CopyTo(_drift);
        var h = new HashCode();
        h.Add(genotype);
        h.Add(tag);
        foreach (var d in _drift) h.Add(d);
        _hash = h.ToHashCode();
    }

    public static Phenotype Founder(Genotype genotype, int tag = 0) => new(genotype, default, tag);

    /// <summary>The drift of a trait in log2 units.</summary>
    public double Drift(Trait t) => _drift[(int)t] * Quantum;

    public short DriftQuanta(Trait t) => _drift[(int)t];

    public ReadOnlySpan<short> DriftVector => _drift;

    public Phenotype WithDriftQuanta(Trait t, int delta)
    {
        var d = (short[])_drift.Clone();
        d[(int)t] = (short)Math.Clamp(d[(int)t] + delta, short.MinValue, short.MaxValue);
        return new Phenotype(Genotype, d, Tag);
    }

    /// <summary>A phenotype with a trait shifted by <paramref name="log2"/> (rounded to the quantum): knock-outs, induced changes.</summary>
    public Phenotype Shifted(Trait t, double log2) => WithDriftQuanta(t, (int)Math.Round(log2 / Quantum));

    public Phenotype WithGenotype(Genotype g) => new(g, _drift, Tag);

    public Phenotype WithTag(int tag) => new(Genotype, _drift, tag);

    public bool Equals(Phenotype? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        return _hash == other._hash && Genotype == other.Genotype && Tag == other.Tag && _drift.AsSpan().SequenceEqual(other._drift);
    }

    public override bool Equals(object? obj) => obj is Phenotype p && Equals(p);
    public override int GetHashCode() => _hash;

    public override string ToString()
    {
        var parts = new List<string> { Genotype.ToString() };
        for (int i = 0; i < _drift.Length; i++)
            if (_drift[i] != 0) parts.Add($"{Traits.Keys[i]}{(_drift[i] > 0 ? "+" : "")}{_drift[i] * Quantum:0.###}");
        if (Tag != 0) parts.Add($"tag{Tag}");
        return string.Join(" ", parts);
    }
}
