using ResLab.Protocols;
using ResLab.Simulation;

namespace ResLab.Tests.Protocols;

/// <summary>Bad protocols give located, specific messages; a flask that empties is a result, not an error.</summary>
public class ProtocolReaderTests
{
    private const string Good = """
        cell_line: FaDu
        flask: { capacity: 1e6 cells, seeding: 1e5 cells }
        duration: 20 days
        schedule:
          - at: 0 h
            drug: { name: cisplatin, concentration: 2 uM }
          - every: 3 days
            change_medium: true
          - when: confluence >= 80%
            passage: 1:5
        """;

    private static UserInputException Bad(string yaml) => Assert.Throws<UserInputException>(() => ProtocolReader.Parse(yaml, "p.yaml"));

    [Fact]
    public void A_valid_protocol_reads()
    {
        var p = ProtocolReader.Parse(Good, "p.yaml");
        Assert.Equal("FaDu", p.Line.Name);
        Assert.Equal(480, p.Duration);
        Assert.Equal(3, p.Phases[0].Rules.Count);
        Assert.Equal(64, p.InputHash.Length);
    }

    [Theory]
    [InlineData("concentration: 2 uM", "concentration: 25 Gy", "p.yaml:6", "radiation dose")]
    [InlineData("change_medium: true", "change_mediun: true", "did you mean 'change_medium'", "p.yaml:8")]
    [InlineData("cell_line: FaDu", "cell_line: CAL72", "did you mean 'CAL27'", "p.yaml:1")]
    [InlineData("duration: 20 days", "duration: forever", "finite duration", "p.yaml:3")]
    [InlineData("duration: 20 days", "", "never ends", "duration")]
    [InlineData("passage: 1:5", "passage: 5:1", "split ratio", "p.yaml:10")]
    [InlineData("confluence >= 80%", "confluense >= 80%", "did you mean 'confluence'", "p.yaml:9")]
    public void Mistakes_are_located_and_explained(string from, string to, string expect1, string expect2)
    {
        var e = Bad(Good.Replace(from, to));
        Assert.Contains(expect1, e.Message);
        Assert.Contains(expect2, e.Message);
    }

    [Fact]
    public void Negative_doses_and_impossible_schedules_are_rejected()
    {
        Assert.Contains("zero or more", Bad(Good.Replace("  - every: 3 days\n    change_medium: true", "  - every: 3 days\n    irradiate: -2 Gy")).Message);
        var impossible = """
            cell_line: CAL27
            flask: { capacity: 1e6 cells, seeding: 1e5 cells }
            phases:
              - name: radiation
                duration: 8 weeks
                until: fractions >= 25
                schedule:
                  - every: 3 days
                    change_medium: true
            """;
        var e = Bad(impossible);
        Assert.Contains("never irradiates", e.Message);
        Assert.Contains("p.yaml:6", e.Message);
        Assert.Contains("maximum of at least the start", Bad(Good.Replace("drug: { name: cisplatin, concentration: 2 uM }", "escalate: { drug: cisplatin, start: 5 uM, factor: 1.5, maximum: 2 uM, advance: after 2 passages }")).Message);
    }

    [Fact]
    public void A_protocol_that_empties_the_flask_reports_extinction()
    {
        var lethal = Good.Replace("2 uM", "200 uM").Replace("1e5 cells", "200 cells");
        var p = ProtocolReader.Parse(lethal, "p.yaml");
        var r = new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = 3 }).Run();
        Assert.Equal(Outcome.Extinct, r.Replicates[0].Outcome);
        Assert.Equal(0, r.Replicates[0].Final.Total);
        Assert.Contains(r.Replicates[0].Events, e => e.Kind == "extinct");
    }
}
