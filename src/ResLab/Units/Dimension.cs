namespace ResLab.Units;

/// <summary>
/// The physical dimension of a model parameter as exponents of the model's base quantities: time (h), radiation
/// dose (Gy), concentration (µM), cell count, volume (mL), pressure (mmHg) and mass (µg, for DNA amounts).
/// "/uM/h" is Concentration⁻¹·Time⁻¹.
/// </summary>
public readonly record struct Dimension(int Time = 0, int Dose = 0, int Concentration = 0, int Cells = 0, int Volume = 0, int Pressure = 0, int Mass = 0)
{
    public static readonly Dimension None = new();
    public static readonly Dimension Duration = new(Time: 1);
    public static readonly Dimension Rate = new(Time: -1);
    public static readonly Dimension Conc = new(Concentration: 1);
    public static readonly Dimension ConcRate = new(Time: -1, Concentration: 1);
    public static readonly Dimension RatePerConc = new(Time: -1, Concentration: -1);
    public static readonly Dimension Dose1 = new(Dose: 1);
    public static readonly Dimension PerDose = new(Dose: -1);
    public static readonly Dimension PerDoseSquared = new(Dose: -2);
    public static readonly Dimension CellCount = new(Cells: 1);
    public static readonly Dimension Vol = new(Volume: 1);
    public static readonly Dimension Press = new(Pressure: 1);
    public static readonly Dimension MassD = new(Mass: 1);

    public static Dimension operator *(Dimension a, Dimension b) =>
        new(a.Time + b.Time, a.Dose + b.Dose, a.Concentration + b.Concentration, a.Cells + b.Cells, a.Volume + b.Volume, a.Pressure + b.Pressure, a.Mass + b.Mass);

    public Dimension Pow(int k) => new(Time * k, Dose * k, Concentration * k, Cells * k, Volume * k, Pressure * k, Mass * k);

    /// <summary>The canonical unit, as written in output and messages (e.g. "/uM/h", "Gy", "h", "1").</summary>
    public string CanonicalUnit
    {
        get
        {
            var num = new List<string>();
            var den = new List<string>();
            void Add(int e, string u)
            {
                if (e == 0) return;
                var s = Math.Abs(e) == 1 ? u : $"{u}^{Math.Abs(e)}";
                (e > 0 ? num : den).Add(s);
            }
            Add(Cells, "cells"); Add(Mass, "ug"); Add(Concentration, "uM"); Add(Dose, "Gy"); Add(Volume, "mL"); Add(Pressure, "mmHg"); Add(Time, "h");
            if (num.Count == 0 && den.Count == 0) return "1";
            return string.Join(" ", num) + string.Concat(den.Select(d => "/" + d));
        }
    }

    /// <summary>How to describe it to a user: "a rate such as '0.1 /h'".</summary>
    public string Describe()
    {
        if (this == None) return "a plain number";
        if (this == Duration) return "a duration such as '40 h' or '3 days'";
        if (this == Rate) return "a rate such as '0.1 /h' or '2 /day'";
        if (this == Conc) return "a concentration such as '5 mM' or '25 uM'";
        if (this == PerDose) return "a value per gray such as '0.22 /Gy'";
        if (this == PerDoseSquared) return "a value per gray squared such as '0.027 /Gy^2'";
        if (this == Dose1) return "a radiation dose such as '2 Gy'";
        if (this == CellCount) return "a number of cells such as '1e6 cells'";
        if (this == Press) return "an oxygen partial pressure such as '150 mmHg' or '5 kPa'";
        if (this == Vol) return "a volume such as '15 mL'";
        if (this == MassD) return "a mass such as '200 ug' or '1.5 mg'";
        return $"a quantity in {CanonicalUnit}";
    }
}
