using System.Globalization;

namespace ResLab.Units;

public enum QuantityKind { Concentration, MassConcentration, RadiationDose, Duration }

/// <summary>A parsed quantity: its kind and its value in the canonical unit of that kind (µM, mg/L, Gy, h).</summary>
public readonly record struct Quantity(QuantityKind Kind, double Value, string Text)
{
    public static string Describe(QuantityKind kind) => kind switch
    {
        QuantityKind.Concentration => "a concentration such as '25 uM' or '10 nM'",
        QuantityKind.MassConcentration => "a mass concentration such as '5 mg/L'",
        QuantityKind.RadiationDose => "a radiation dose such as '2 Gy'",
        QuantityKind.Duration => "a duration such as '72 h', '3 days' or '6 weeks'",
        _ => kind.ToString(),
    };
}

/// <summary>
/// The one place where text like "25 uM", "25 µM", "10 nM", "2 Gy", "72 h" or "6 weeks" becomes a typed quantity.
/// Units are case-sensitive where case matters (mM vs MM is not accepted; "M" is molar, "m" is not a unit).
/// </summary>
public static class QuantityParser
{
    private sealed record UnitDef(QuantityKind Kind, double ToCanonical);

    private static readonly Dictionary<string, UnitDef> Units = BuildUnits();

    private static Dictionary<string, UnitDef> BuildUnits()
    {
        var d = new Dictionary<string, UnitDef>(StringComparer.Ordinal);
        void Add(QuantityKind k, double f, params string[] names) { foreach (var n in names) d[n] = new UnitDef(k, f); }
        // Concentrations → µM. "u", "µ" (micro sign U+00B5) and "μ" (Greek mu U+03BC) all mean micro.
        Add(QuantityKind.Concentration, 1e6, "M", "mol/L");
        Add(QuantityKind.Concentration, 1e3, "mM", "mmol/L");
        Add(QuantityKind.Concentration, 1, "uM", "µM", "μM", "umol/L", "µmol/L", "μmol/L");
        Add(QuantityKind.Concentration, 1e-3, "nM", "nmol/L");
        Add(QuantityKind.Concentration, 1e-6, "pM", "pmol/L");
        // Mass concentrations → mg/L (= µg/mL).
        Add(QuantityKind.MassConcentration, 1, "mg/L", "mg/l", "ug/mL", "µg/mL", "μg/mL", "ug/ml", "µg/ml", "μg/ml");
        Add(QuantityKind.MassConcentration, 1e-3, "ug/L", "µg/L", "μg/L", "ng/mL", "ng/ml");
        Add(QuantityKind.MassConcentration, 1e3, "g/L", "mg/mL", "mg/ml");
        // Radiation dose → Gy.
        Add(QuantityKind.RadiationDose, 1, "Gy", "gy", "GY");
        Add(QuantityKind.RadiationDose, 1e-2, "cGy");
        // Durations → h.
        Add(QuantityKind.Duration, 1.0 / 3600, "s", "sec", "second", "seconds");
        Add(QuantityKind.Duration, 1.0 / 60, "min", "mins", "minute", "minutes");
        Add(QuantityKind.Duration, 1, "h", "hr", "hrs", "hour", "hours");
        Add(QuantityKind.Duration, Duration.HoursPerDay, "d", "day", "days");
        Add(QuantityKind.Duration, Duration.HoursPerWeek, "w", "wk", "wks", "week", "weeks");
        Add(QuantityKind.Duration, Duration.HoursPerMonth, "mo", "month", "months");
        return d;
    }

    /// <summary>All unit spellings accepted, for help texts and suggestions.</summary>
    public static IReadOnlyCollection<string> KnownUnits => Units.Keys;

    public static bool TryParse(string? text, out Quantity quantity, out string error)
    {
        quantity = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected a number followed by a unit, such as '25 uM', '2 Gy' or '72 h'; got an empty value";
            return false;
        }
        var s = text.Trim();
        int i = 0;
        while (i < s.Length && (char.IsDigit(s[i]) || s[i] is '.' or '+' or '-' or 'e' or 'E'))
        {
            // Stop at an 'e'/'E' that does not continue an exponent (e.g. "5 e" is not a number).
            if (s[i] is 'e' or 'E' && (i + 1 >= s.Length || !(char.IsDigit(s[i + 1]) || s[i + 1] is '+' or '-'))) break;
            i++;
        }
        var numberPart = s[..i];
        var unitPart = s[i..].Trim();
        if (numberPart.Length == 0 || !double.TryParse(numberPart, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            error = $"got '{text}'; expected a number followed by a unit, such as '25 uM', '2 Gy' or '72 h'";
            return false;
        }
        if (!double.IsFinite(value))
        {
            error = $"got '{text}'; expected a finite number";
            return false;
        }
        if (unitPart.Length == 0)
        {
            error = $"got '{text}' without a unit; expected a unit such as uM, nM, Gy, h, days or weeks";
            return false;
        }
        if (!Units.TryGetValue(unitPart, out var unit))
        {
            var near = Storage.NameMatcher.Nearest(unitPart, Units.Keys);
            error = $"got '{text}': unknown unit '{unitPart}'; expected one of uM, µM, nM, mM, M, mg/L, Gy, cGy, min, h, days, weeks, months"
                    + (near is null ? "" : $" (did you mean '{near}'?)");
            return false;
        }
        quantity = new Quantity(unit.Kind, value * unit.ToCanonical, s);
        error = "";
        return true;
    }

    public static Quantity Parse(string? text, InputLocation? where = null)
    {
        if (!TryParse(text, out var q, out var error)) throw new UserInputException(error, where);
        return q;
    }

    /// <summary>A molar concentration. A mass concentration is accepted when a molar mass is known.</summary>
    public static Concentration ParseConcentration(string? text, InputLocation? where = null, MolarMass? molarMass = null)
    {
        var q = Parse(text, where);
        if (q.Kind == QuantityKind.MassConcentration)
        {
            if (molarMass is null)
                throw UserInputException.Invalid(where, text, "a molar concentration such as '25 uM'",
                    "a mass concentration needs the drug's molar mass to be converted");
            return Concentration.FromMass(new MassConcentration(q.Value), molarMass.Value);
        }
        Expect(q, QuantityKind.Concentration, where);
        NonNegative(q, where);
        return new Concentration(q.Value);
    }

    public static RadiationDose ParseDose(string? text, InputLocation? where = null)
    {
        var q = Parse(text, where);
        Expect(q, QuantityKind.RadiationDose, where);
        NonNegative(q, where);
        return new RadiationDose(q.Value);
    }

    public static Duration ParseDuration(string? text, InputLocation? where = null)
    {
        var q = Parse(text, where);
        Expect(q, QuantityKind.Duration, where);
        NonNegative(q, where);
        return new Duration(q.Value);
    }

    private static void Expect(Quantity q, QuantityKind kind, InputLocation? where)
    {
        if (q.Kind != kind)
            throw UserInputException.Invalid(where, q.Text, Quantity.Describe(kind), $"'{q.Text}' is {Quantity.Describe(q.Kind).Split(" such as")[0]}");
    }

    private static void NonNegative(Quantity q, InputLocation? where)
    {
        if (q.Value < 0) throw UserInputException.Invalid(where, q.Text, "a value of zero or more");
    }
}
