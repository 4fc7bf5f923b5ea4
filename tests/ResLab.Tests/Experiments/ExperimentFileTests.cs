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
