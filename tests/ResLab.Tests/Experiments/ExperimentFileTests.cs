using ResLab.Experiments;
using ResLab.Reporting;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Experiments;

/// <summary>Every shipped experiment file reads; a run is determined by its file and seed.</summary>
public class ExperimentFileTests
{
    public static TheoryData<string> Files()
    {
        var d = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "examples", "experiments"), "*.yaml").Order()) d.Add(Path.GetFileName(f));
        return d;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Shipped_experiment_reads_and_every_assay_names_known_samples(string file)
    {
        var ex = ExperimentReader.Load(Path.Combine(CliRunner.RepoRoot, "examples", "experiments", file));
        Assert.NotEmpty(ex.Assays);
        Assert.NotEmpty(ex.Description);
    }

    [Fact]
    public void Checkpoints_every_four_weeks_become_readouts_up_to_the_end()
    {
        var dir = CliRunner.TempDir();
        var file = Path.Combine(dir, "e.yaml");
        File.WriteAllText(file, $"protocol: {Path.Combine(CliRunner.RepoRoot, "examples", "protocols", "cisplatin-escalation-1-to-25uM.yaml")}\ncheckpoints: {{ every: 4 weeks }}\nassays:\n  - on: [week4, week48, parental]\n    gsh: {{}}\n");
        var ex = ExperimentReader.Load(file);
        var added = ex.Protocol!.Readouts.Where(r => r.Name.StartsWith("week", StringComparison.Ordinal)).ToList();
        Assert.Equal(13, added.Count); // 4, 8, …, 52 weeks < 12 months (365.25 days)
        Assert.Equal(4 * 7 * 24, added[0].At);
    }

    [Fact]
    public void Same_file_and_seed_give_identical_results()
    {
        var file = Path.Combine(CliRunner.RepoRoot, "examples", "experiments", "reversal-nrf2-high.yaml");
        var a = ExperimentJob.Run(new ExperimentJob.Options(file, Path.Combine(CliRunner.TempDir(), "a"), Quick: true, Threads: 1));
        var b = ExperimentJob.Run(new ExperimentJob.Options(file, Path.Combine(CliRunner.TempDir(), "b"), Quick: true, Threads: 2));
        Assert.Equal(File.ReadAllText(Path.Combine(a.OutputDirectory, "results.csv")), File.ReadAllText(Path.Combine(b.OutputDirectory, "results.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(a.OutputDirectory, "assays", "mtt_cisplatin", "plate1_72h.csv")),
                     File.ReadAllText(Path.Combine(b.OutputDirectory, "assays", "mtt_cisplatin", "plate1_72h.csv")));
    }
}
