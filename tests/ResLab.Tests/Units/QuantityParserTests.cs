using ResLab.Units;

namespace ResLab.Tests.Units;

public class QuantityParserTests
{
    [Theory]
    [InlineData("25 uM", 25)]
    [InlineData("25 µM", 25)]      // micro sign U+00B5
    [InlineData("25 μM", 25)]      // Greek mu U+03BC
    [InlineData("25uM", 25)]
    [InlineData("10 nM", 0.01)]
    [InlineData("1.5 mM", 1500)]
    [InlineData("1e-6 M", 1)]
    [InlineData("500 pM", 0.0005)]
    public void Concentrations_are_read_in_micromolar(string text, double micromolar)
    {
        Assert.Equal(micromolar, QuantityParser.ParseConcentration(text).Micromolar, 12);
    }

    [Fact]
    public void Cisplatin_mass_concentration_converts_with_its_molar_mass()
    {
        // 300.05 mg/L of a 300.05 g/mol compound is exactly 1 mmol/L = 1000 µM.
        var c = QuantityParser.ParseConcentration("300.05 mg/L", molarMass: MolarMass.Cisplatin);
        Assert.Equal(1000, c.Micromolar, 9);
        var back = c.ToMass(MolarMass.Cisplatin);
        Assert.Equal(300.05, back.MilligramsPerLitre, 9);
        Assert.Equal(QuantityParser.ParseConcentration("1 ug/mL", molarMass: MolarMass.Cisplatin).Micromolar,
                     QuantityParser.ParseConcentration("1 mg/L", molarMass: MolarMass.Cisplatin).Micromolar);
    }

    [Theory]
    [InlineData("2 Gy", 2)]
    [InlineData("200 cGy", 2)]
    [InlineData("0 Gy", 0)]
    public void Doses_are_read_in_gray(string text, double gray) =>
        Assert.Equal(gray, QuantityParser.ParseDose(text).Gray, 12);

    [Theory]
    [InlineData("72 h", 72)]
    [InlineData("30 min", 0.5)]
    [InlineData("3 days", 72)]
    [InlineData("6 weeks", 1008)]
    [InlineData("1 week", 168)]
    [InlineData("12 months", 8766)]  // 365.25 d
    public void Durations_are_read_in_hours(string text, double hours) =>
        Assert.Equal(hours, QuantityParser.ParseDuration(text).Hours, 9);

    [Fact]
    public void A_dose_where_a_concentration_belongs_is_a_clear_error()
    {
        var e = Assert.Throws<UserInputException>(() => QuantityParser.ParseConcentration("25 Gy", new InputLocation("p.yaml", 4, 12, "cisplatin")));
        Assert.Contains("p.yaml:4:12", e.Message);
        Assert.Contains("'25 Gy'", e.Message);
        Assert.Contains("concentration", e.Message);
        Assert.Contains("radiation dose", e.Message);
    }

    [Theory]
    [InlineData("25", "without a unit")]
    [InlineData("uM", "expected a number")]
    [InlineData("", "empty")]
    [InlineData("25 uG", "did you mean 'uM'")]
    [InlineData("25 Gyy", "did you mean 'Gy'")]
    public void Malformed_quantities_say_what_was_expected(string text, string fragment)
    {
        var e = Assert.Throws<UserInputException>(() => QuantityParser.Parse(text));
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void Negative_values_are_refused_for_physical_quantities()
    {
        Assert.Throws<UserInputException>(() => QuantityParser.ParseDose("-2 Gy"));
        Assert.Throws<UserInputException>(() => QuantityParser.ParseConcentration("-1 uM"));
    }

    [Fact]
    public void Mass_concentration_without_molar_mass_is_refused()
    {
        var e = Assert.Throws<UserInputException>(() => QuantityParser.ParseConcentration("5 mg/L"));
        Assert.Contains("molar mass", e.Message);
    }

    [Fact]
    public void Types_keep_units_apart_and_convert_explicitly()
    {
        Assert.Equal(25_000, Concentration.FromMicromolar(25).Nanomolar, 9);
        Assert.Equal(24, Duration.FromDays(1).Hours);
        Assert.Equal(2, Duration.FromWeeks(2).Weeks, 12);
        Assert.Equal(4, (RadiationDose.FromGray(2) + RadiationDose.FromGray(2)).Gray);
    }
}
