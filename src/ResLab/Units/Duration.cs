using System.Globalization;

namespace ResLab.Units;

/// <summary>
/// An elapsed time, stored in hours (the model's time unit). A "month" is an average calendar month,
/// 365.25/12 days: protocols of "6–15 months" are not calendar-exact, so a fixed length is used.
/// </summary>
public readonly record struct Duration(double Hours) : IComparable<Duration>
{
    public const double HoursPerDay = 24;
    public const double HoursPerWeek = 7 * 24;
    public const double HoursPerMonth = 365.25 / 12 * 24;

    public static Duration Zero => new(0);
    public static Duration FromMinutes(double m) => new(m / 60);
    public static Duration FromHours(double h) => new(h);
    public static Duration FromDays(double d) => new(d * HoursPerDay);
    public static Duration FromWeeks(double w) => new(w * HoursPerWeek);
    public static Duration FromMonths(double m) => new(m * HoursPerMonth);

    public double Minutes => Hours * 60;
    public double Days => Hours / HoursPerDay;
    public double Weeks => Hours / HoursPerWeek;

    public int CompareTo(Duration other) => Hours.CompareTo(other.Hours);
    public static Duration operator +(Duration a, Duration b) => new(a.Hours + b.Hours);
    public static Duration operator -(Duration a, Duration b) => new(a.Hours - b.Hours);
    public static Duration operator *(Duration a, double k) => new(a.Hours * k);
    public static bool operator <(Duration a, Duration b) => a.Hours < b.Hours;
    public static bool operator >(Duration a, Duration b) => a.Hours > b.Hours;
    public static bool operator <=(Duration a, Duration b) => a.Hours <= b.Hours;
    public static bool operator >=(Duration a, Duration b) => a.Hours >= b.Hours;

    public override string ToString() => Hours.ToString("G6", CultureInfo.InvariantCulture) + " h";
}
