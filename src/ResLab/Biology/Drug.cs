using ResLab.Units;

namespace ResLab.Biology;

/// <summary>What a drug does in the model: cisplatin damages; an inhibitor lowers one mechanism.</summary>
public enum DrugRole { Platinum, Inhibitor }

/// <summary>A drug of the catalogue with its target and potency, each number with its source.</summary>
public sealed record Drug
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public required DrugRole Role { get; init; }
    /// <summary>The trait whose mechanism an inhibitor lowers (gls1, gcl, trx, nrf2, glycolysis, xct …).</summary>
    public Trait? Target { get; init; }
    public required SourcedValue MolarMass { get; init; }
    /// <summary>IC50 of the target in µM (inhibitors).</summary>
    public SourcedValue? Ic50 { get; init; }
    public SourcedValue? Hill { get; init; }
    /// <summary>Half-life of the active drug in medium, in hours.</summary>
    public required SourcedValue MediumHalfLife { get; init; }

    public MolarMass Mass => new(MolarMass.Value);

    /// <summary>Fractional inhibition of the target at medium concentration c (µM): c^h/(c^h + IC50^h).</summary>
    public double Inhibition(double micromolar)
    {
        if (Ic50 is null || micromolar <= 0) return 0;
        double h = Hill?.Value ?? 1;
        double x = Math.Pow(micromolar / Ic50.Value, h);
        return x / (1 + x);
    }
}
