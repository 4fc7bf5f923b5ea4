using ResLab.Biology;
using ResLab.Model;
using ResLab.Protocols;
using ResLab.Simulation;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Simulation;

public class ConservationAndDeterminismTests
{
    [Fact]
    public void Passaging_keeps_exactly_the_cells_drawn_and_never_creates_any()
    {
        var line = Catalogue.Default.CellLine("FaDu");
        var c = new Culture(Population.Seed(line, 200_000), Flask.T75, seed: 4);
        c.SetDrug("cisplatin", 2);
        c.AdvanceTo(24 * 20);
        var before = c.Snapshot();
        long total = c.TotalCells;
        long kept = c.Split(10);
        Assert.Equal((long)Math.Round(total / 10.0), kept);
        Assert.Equal(kept, c.TotalCells);
        var after = c.Snapshot().Clones.ToDictionary(x => x.Id);
        foreach (var cl in before.Clones)
            if (after.TryGetValue(cl.Id, out var a))
                for (int s = 0; s < 4; s++) Assert.InRange(a.Count((CellState)s), 0, cl.Count((CellState)s));
        Assert.Equal(c.Passage(c.TotalCells + 5), c.TotalCells); // asking for more than there is keeps everything
    }

    [Fact]
    public void Mutants_and_switching_move_cells_but_a_step_without_births_or_deaths_conserves_them()
    {
        // no division (contact-inhibited at capacity) and no death: switching and radiation only move cells between states
        var line = TestLines.BirthDeath(30, 0);
        var c = new Culture(Population.Seed(line, 10_000), new Flask(10_000), new EngineSettings { Evolution = true }, seed: 8);
        c.Irradiate(2);
        long n = c.TotalCells;
        Assert.Equal(10_000, n);
    }

    [Fact]
    public void Snapshots_round_trip_through_their_file()
    {
        var line = Catalogue.Default.CellLine("CAL27");
        var c = new Culture(Population.Seed(line, 50_000), Flask.T75, seed: 2);
        c.SetDrug("cisplatin", 3);
        c.AdvanceTo(240);
        var snap = c.Snapshot();
        var path = Path.Combine(CliRunner.TempDir(), "snap.json");
        snap.Save(path);
        var back = Population.Load(path);
        Assert.Equal(snap.Total, back.Total);
        Assert.Equal(snap.Clones.Count, back.Clones.Count);
        for (int i = 0; i < snap.Clones.Count; i++)
        {
            Assert.Equal(snap.Clones[i].Phenotype, back.Clones[i].Phenotype);
            Assert.Equal(snap.Clones[i].State.Adducts, back.Clones[i].State.Adducts);
            Assert.Equal(snap.Clones[i].Cycling, back.Clones[i].Cycling);
        }
        Assert.Equal(line.Parameters["doubling_time"], back.Line.Parameters["doubling_time"]);
        // a sampled well keeps its size and draws only from the snapshot's clones
        var well = back.Sample(3000, seed: 1);
        Assert.Equal(3000, well.Total);
        Assert.All(well.Clones, w => Assert.Contains(snap.Clones, s => s.Id == w.Id && s.Total >= w.Total));
    }

    [Fact]
    public void Output_is_bit_identical_with_one_and_two_threads()
    {
        var protocol = ProtocolReader.Load(Path.Combine(CliRunner.RepoRoot, "examples/protocols/cisplatin-escalation-1-to-25uM.yaml"));
        SimulationResult Run(int threads) => new ResLab.Simulation.Simulation(protocol, new SimulationSettings
        {
            Seed = 99, Replicates = 4, Threads = threads, SizeScale = 0.02, DurationScale = 0.25,
        }).Run();
        var a = Run(1);
        var b = Run(2);
        for (int r = 0; r < 4; r++)
        {
            Assert.Equal(a.Replicates[r].Series.Count, b.Replicates[r].Series.Count);
            for (int i = 0; i < a.Replicates[r].Series.Count; i++)
            {
                var x = a.Replicates[r].Series[i];
                var y = b.Replicates[r].Series[i];
                Assert.Equal((x.TimeHours, x.Cycling, x.Quiescent, x.Persister, x.Doomed, x.ClonesAlive), (y.TimeHours, y.Cycling, y.Quiescent, y.Persister, y.Doomed, y.ClonesAlive));
                Assert.Equal(x.Means["mean_gsh_mM"], y.Means["mean_gsh_mM"]);
            }
            Assert.Equal(a.Replicates[r].Lineage.Count, b.Replicates[r].Lineage.Count);
        }
        Assert.NotEqual(a.Replicates[0].Final.Total, a.Replicates[1].Final.Total); // replicates are independent
    }
}
