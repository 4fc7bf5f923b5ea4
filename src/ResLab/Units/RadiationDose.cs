using System.Globalization;

namespace ResLab.Units;

/// <summary>Absorbed radiation dose in gray (Gy = J/kg).</summary>
public readonly record struct RadiationDose(double Gray) : IComparable<RadiationDose>
{
    public static RadiationDose Zero => new(0);
    public static RadiationDose FromGray(double gy) => new(gy);
    public static RadiationDose FromCentigray(double cgy) => new(cgy / 100);

    public int CompareTo(RadiationDose other) => Gray.CompareTo(other.Gray);
    public static RadiationDose operator +(RadiationDose a, RadiationDose b) => new(a.Gray + b.Gray);
    public static RadiationDose operator *(RadiationDose a, double k) => new(a.Gray * k);
    public static bool operator <(RadiationDose a, RadiationDose b) => a.Gray < b.Gray;
    public static bool operator >(RadiationDose a, RadiationDose b) => a.Gray > b.Gray;
    public static bool operator <=(RadiationDose a, RadiationDose b) => a.Gray <= b.Gray;
    public static bool operator >=(RadiationDose a, RadiationDose b) => a.Gray >= b.Gray;

    public override string ToString() => Gray.ToString("G6", CultureInfo.InvariantCulture) + " Gy";
}
