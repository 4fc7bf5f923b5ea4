using ResLab.Assays;
using ResLab.Storage;

namespace ResLab.Experiments;

/// <summary>
/// The names of the result rows an experiment's analysis can produce (assay, sample, metric of results.csv), known
/// from the file alone, so a sweep's <c>result(ASSAY, SAMPLE, METRIC)</c> is checked before anything runs.
/// </summary>
public static class ExperimentResults
{
    /// <summary>The pseudo-assay of the per-sample population rows (doubling time, NRF2-mutant share).</summary>
    public const string Population = "population";

    /// <summary>The samples an experiment can assay: 'parental', the protocol's readouts and checkpoints, the built and derived populations.</summary>
    public static IReadOnlyList<string> Samples(Experiment ex) =>
        new[] { "parental" }.Concat(ex.Protocol?.Readouts.Select(r => r.Name) ?? []).Concat(ex.Populations.Keys).Concat(ex.Derived.Keys).Distinct().ToList();

    /// <summary>The metrics an assay step writes per sample (as ExperimentJob names them).</summary>
    public static IReadOnlyList<string> Metrics(AssayStep step) => step.Kind switch
    {
        AssayKind.Mtt => ["ic50_uM", "resistance_index", "ic50_shift_vs_reference_alone", "gr50_uM", "grmax"],
        AssayKind.Clonogenic when step.Concentrations is not null => ["ic50_uM", "resistance_index"],
        AssayKind.Clonogenic => ["alpha_per_gy", "beta_per_gy2", "alpha_beta_gy", "sf2", "d10_gy", "dmf_sf0.1"],
        AssayKind.Stability =>
        [
            "ic50_week0_uM", $"ic50_after_{step.Weeks:G3}_weeks_uM", "ic50_ratio_after_before", "absolute_ic50_week0_uM",
            $"absolute_ic50_after_{step.Weeks:G3}_weeks_uM", "absolute_ic50_ratio_after_before", "floor_week0_pct", $"floor_after_{step.Weeks:G3}_weeks_pct",
            "persister_share_before", "tolerant_fraction_week0", $"tolerant_fraction_after_{step.Weeks:G3}_weeks", $"persister_share_after_{step.Weeks:G3}_weeks",
            $"nrf2_mutant_share_after_{step.Weeks:G3}_weeks",
        ],
        AssayKind.Edu => ["fraction_s_phase"],
        AssayKind.Gsh => ["gsh_mM"],
        AssayKind.Ros => ["dcf_fluorescence_au"],
        AssayKind.Apoptosis => ["fraction_apoptotic"],
        _ => ["migration_cells_per_field", "invasion_cells_per_field"],
    };

    public static readonly string[] PopulationMetrics = ["doubling_time_h", "nrf2_mutant_share"];

    /// <summary>Checks (assay, sample, metric) against the experiment: a user error naming the nearest valid name.</summary>
    public static void Check(Experiment ex, string assay, string sample, string metric, InputLocation where)
    {
        var ids = ex.Assays.Select(a => a.Id).Append(Population).ToList();
        if (!ids.Contains(assay))
            throw new UserInputException($"unknown assay '{assay}'{NameMatcher.Hint(assay, ids)}; the experiment {Path.GetFileName(ex.File)} has the assays {string.Join(", ", ids)}", where);
        var step = ex.Assays.FirstOrDefault(a => a.Id == assay);
        var samples = step?.On ?? Samples(ex);
        if (!samples.Contains(sample))
            throw new UserInputException($"unknown sample '{sample}' for assay '{assay}'{NameMatcher.Hint(sample, samples)}; it runs on {string.Join(", ", samples)}", where);
        var metrics = step is null ? PopulationMetrics : Metrics(step);
        if (!metrics.Contains(metric))
            throw new UserInputException($"unknown metric '{metric}' of assay '{assay}'{NameMatcher.Hint(metric, metrics)}; it gives {string.Join(", ", metrics)} (see results.csv of 'reslab experiment')", where);
    }
}
