using System.Globalization;

namespace ResLab.Units;

/// <summary>A molar concentration, stored in µM. Mass concentrations need a molar mass to become one.</summary>
public readonly record struct Concentration(double Micromolar) : IComparable<Concentration>
{
    public static Concentration Zero => new(0);
    public static Concentration FromMolar(double m) => new(m * 1e6);
    public static Concentration FromMillimolar(double mm) => new(mm * 1e3);
    public static Concentration FromMicromolar(double um) => new(um);
    public static Concentration FromNanomolar(double nm) => new(nm * 1e-3);
    public static Concentration FromPicomolar(double pm) => new(pm * 1e-6);

    public double Millimolar => Micromolar * 1e-3;
    public double Nanomolar => Micromolar * 1e3;
    public double Molar => Micromolar * 1e-6;

    /// <summary>mg/L → µM: (mg/L) / (g/mol) = mmol/L; × 1000 = µM.</summary>
    public static Concentration FromMass(MassConcentration mass, MolarMass molarMass) =>
        new(mass.MilligramsPerLitre / molarMass.GramsPerMole * 1e3);

    public MassConcentration ToMass(MolarMass molarMass) =>
        new(Micromolar * 1e-3 * molarMass.GramsPerMole);

    public double In(ConcentrationUnit unit) => unit switch
    {
        ConcentrationUnit.Molar => Molar,
        ConcentrationUnit.Millimolar => Millimolar,
        ConcentrationUnit.Micromolar => Micromolar,
        ConcentrationUnit.Nanomolar => Nanomolar,
        ConcentrationUnit.Picomolar => Micromolar * 1e6,
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    public static Concentration From(double value, ConcentrationUnit unit) => unit switch
    {
        ConcentrationUnit.Molar => FromMolar(value),
        ConcentrationUnit.Millimolar => FromMillimolar(value),
        ConcentrationUnit.Micromolar => FromMicromolar(value),
        ConcentrationUnit.Nanomolar => FromNanomolar(value),
        ConcentrationUnit.Picomolar => FromPicomolar(value),
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    public int CompareTo(Concentration other) => Micromolar.CompareTo(other.Micromolar);
    public static bool operator <(Concentration a, Concentration b) => a.Micromolar < b.Micromolar;
    public static bool operator >(Concentration a, Concentration b) => a.Micromolar > b.Micromolar;
    public static bool operator <=(Concentration a, Concentration b) => a.Micromolar <= b.Micromolar;
    public static bool operator >=(Concentration a, Concentration b) => a.Micromolar >= b.Micromolar;
    public static Concentration operator *(Concentration a, double k) => new(a.Micromolar * k);
    public static Concentration operator +(Concentration a, Concentration b) => new(a.Micromolar + b.Micromolar);

    public override string ToString() => Micromolar.ToString("G6", CultureInfo.InvariantCulture) + " µM";
}

public enum ConcentrationUnit { Molar, Millimolar, Micromolar, Nanomolar, Picomolar }

/// <summary>A mass concentration in mg/L (= µg/mL).</summary>
public readonly record struct MassConcentration(double MilligramsPerLitre)
{
    public override string ToString() => MilligramsPerLitre.ToString("G6", CultureInfo.InvariantCulture) + " mg/L";
}

/// <summary>Molar mass in g/mol.</summary>
public readonly record struct MolarMass(double GramsPerMole)
{
    /// <summary>Cisplatin, Pt(NH3)2Cl2: 300.05 g/mol (PubChem CID 5460033).</summary>
    public static MolarMass Cisplatin => new(300.05);
}
