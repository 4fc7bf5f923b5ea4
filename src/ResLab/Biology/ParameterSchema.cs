using ResLab.Units;

namespace ResLab.Biology;

/// <summary>One parameter of the model: its key (as files spell it), dimension and meaning.</summary>
public sealed record ParameterDefinition(string Key, Dimension Dimension, string Description, string Group);

/// <summary>
/// Every parameter the model's equations use (docs/model.md gives the equations). Values live in data files
/// (Biology/Data/model-defaults.yaml, overridden per cell line and per protocol), never in code.
/// </summary>
public static class ParameterSchema
{
    private static readonly Dimension N = Dimension.None, Rate = Dimension.Rate, Time = Dimension.Duration;

    public static readonly IReadOnlyList<ParameterDefinition> All =
    [
        // growth and cell states
        P("growth", "doubling_time", Time, "population doubling time in exponential growth, drug-free (the cycling division rate is solved to reproduce it)"),
        P("growth", "basal_death", Rate, "basal death rate of every cell state"),
        P("states", "quiescence_entry", Rate, "cycling → quiescent (scaled by 2^stemness)"),
        P("states", "quiescence_exit", Rate, "quiescent → cycling (scaled by 2^−stemness)"),
        P("states", "quiescent_drug_sensitivity", N, "fraction of the cisplatin death hazard quiescent cells take"),
        P("states", "persister_entry", Rate, "cycling → persister, basal"),
        P("states", "persister_entry_damage", Rate, "extra cycling → persister rate at damage D = θ (rises as D/(D+θ))"),
        P("states", "persister_exit", Rate, "persister → cycling in drug-free medium"),
        P("states", "persister_exit_under_drug", Rate, "persister → cycling while cisplatin is present"),
        P("states", "persister_division", N, "persister division rate as a fraction of the cycling rate"),
        P("states", "persister_drug_sensitivity", N, "fraction of the cisplatin death hazard persisters take"),
        P("states", "doomed_lifetime", N, "mean life of a doomed (lethally irradiated) cell, in cell cycles"),
        // transport [A]
        P("transport", "ctr1_recovery", Rate, "k_ctr: CTR1 re-synthesis"),
        P("transport", "ctr1_degradation", Dimension.RatePerConc, "g_ctr: CTR1 degradation per µM medium cisplatin"),
        P("transport", "passive_uptake", Rate, "p_pass: passive cisplatin influx (per unit medium concentration)"),
        P("transport", "ctr1_uptake", Rate, "k_in: CTR1-mediated influx at full CTR1"),
        P("transport", "atp7_efflux", Rate, "k_atp7: ATP7A/B efflux"),
        P("transport", "abcb1_efflux", Rate, "k_abcb1: ABCB1 efflux at basal ATP"),
        // binding, repair [C, E, F]
        P("binding", "gsh_conjugation", Dimension.RatePerConc, "k_conj: second-order rate of cisplatin with GSH"),
        P("binding", "mt_binding", Rate, "k_mt: cisplatin sequestration by metallothionein at the basal MT level"),
        P("binding", "dna_binding", Rate, "k_dna: cisplatin binding to DNA (aquation-limited)"),
        P("binding", "ner_repair", Rate, "k_ner: removal of Pt–DNA adducts by NER"),
        // glutathione [C]
        P("glutathione", "gcl_synthesis", Dimension.ConcRate, "V_gcl: GSH synthesis at basal NRF2, glutamate and cystine"),
        P("glutathione", "glutathione_export", Rate, "k_gexp: loss of the glutathione pool (export, degradation)"),
        P("glutathione", "gsh_oxidation", Rate, "k_ox: GSH oxidation per unit ROS"),
        P("glutathione", "gssg_reduction", Rate, "k_red: reduction of GSSG back to GSH (glutathione reductase)"),
        P("glutathione", "glutamate_other", N, "fraction of glutamate not made by GLS1 (a floor under GLS1 inhibition)"),
        P("glutathione", "nrf2_induction", N, "n_ind: NRF2 induction by ROS at saturation"),
        P("glutathione", "nrf2_ros_half", N, "K_ros: ROS level of half-maximal NRF2 induction"),
        // ROS
        P("ros", "ros_from_cisplatin", Dimension.RatePerConc, "r_cis: ROS production per µM intracellular cisplatin"),
        P("ros", "ros_mitochondrial", Rate, "r_met: mitochondrial ROS production at zero glycolytic fraction"),
        P("ros", "ros_gsh_scavenging", Dimension.RatePerConc, "k_gsh: ROS removal per mM GSH"),
        P("ros", "ros_trx_scavenging", Rate, "k_trx: ROS removal by thioredoxin at the basal level"),
        P("ros", "ros_decay", Rate, "k_ros: other ROS removal"),
        P("ros", "glycolytic_fraction", N, "basal glycolytic share of ATP production (glyco)"),
        // death
        P("death", "apoptosis_max_hazard", Rate, "h_max: maximal cisplatin death hazard"),
        P("death", "apoptosis_threshold", N, "θ: damage of half-maximal hazard (adduct units)"),
        P("death", "apoptosis_width", N, "w: width of the sigmoid, as a fraction of θ"),
        P("death", "ros_damage_weight", N, "w_ros: adduct-equivalents per unit ROS above basal"),
        P("death", "tp53_wt_threshold_factor", N, "θ multiplier of TP53 wild-type cells (< 1: more apoptosis)"),
        P("death", "ferroptosis_max_hazard", Rate, "maximal ferroptosis hazard"),
        P("death", "ferroptosis_half", N, "lipid-peroxidation drive (ROS/GSH, relative) of half-maximal ferroptosis"),
        P("death", "ferroptosis_hill", N, "Hill coefficient of ferroptosis"),
        P("death", "arrest_adduct_half", N, "adduct level of half-maximal checkpoint arrest"),
        P("death", "arrest_dsb_half", N, "residual-DSB level of half-maximal arrest"),
        P("death", "checkpoint_strength", N, "maximal fraction of divisions held by checkpoints (ATR/CHK1/WEE1)"),
        // radiation [F, J, H]
        P("radiation", "lq_alpha", Dimension.PerDose, "α of the linear–quadratic model (oxic, parental)"),
        P("radiation", "lq_beta", Dimension.PerDoseSquared, "β of the linear–quadratic model"),
        P("radiation", "oer_max", N, "m: maximal oxygen enhancement ratio"),
        P("radiation", "oxygen_k", Dimension.Press, "K: pO2 of half effect in the Alper–Howard-Flanders OMF"),
        P("radiation", "oxygen_reference", Dimension.Press, "pO2 at which α and β were measured (OMF is relative to it)"),
        P("radiation", "indirect_fraction", N, "fraction of X-ray damage that is indirect (radical-mediated)"),
        P("radiation", "gsh_scavenging_k", Dimension.Conc, "GSH level scale of radical scavenging"),
        P("radiation", "sublethal_repair_half_time", Time, "half-time of sublethal-damage repair (Lea–Catcheside G for protracted fractions)"),
        P("radiation", "dsb_per_gy", N, "residual-DSB signal per Gy (checkpoint arrest)"),
        P("radiation", "dsb_repair_rate", Rate, "decay of the DSB signal at the basal repair level"),
        P("radiation", "radiation_emt_probability", Dimension.PerDose, "probability per Gy that a surviving cell shifts toward EMT"),
        P("radiation", "radiation_emt_shift", N, "log2 EMT shift of such a cell"),
        P("radiation", "radiation_repair_change_probability", Dimension.PerDose, "probability per Gy that a surviving cell's DSB repair changes heritably"),
        P("radiation", "radiation_repair_shift", N, "log2 DSB-repair change of such a cell (negative: radiosensitising, as Reid 2020)"),
        P("radiation", "quiescent_radiation_modifier", N, "damage modifier M of quiescent cells"),
        P("radiation", "persister_radiation_modifier", N, "damage modifier M of persisters"),
        // evolution (rates per division)
        P("evolution", "keap1_loss_rate", N, "KEAP1 loss of function per division"),
        P("evolution", "nfe2l2_gain_rate", N, "NFE2L2 gain of function per division"),
        P("evolution", "cul3_loss_rate", N, "CUL3 loss of function per division"),
        P("evolution", "tp53_loss_rate", N, "TP53 loss per division (TP53 wild-type lines)"),
        P("evolution", "abcb1_gain_rate", N, "ABCB1 copy gain per division"),
        P("evolution", "ano1_gain_rate", N, "ANO1 copy gain per division"),
        P("evolution", "actl6a_gain_rate", N, "ACTL6A copy gain per division"),
        P("evolution", "marker_rate", N, "neutral marker mutation per division (validation)"),
        P("evolution", "drift_rate", N, "epigenetic drift of one continuous trait per division"),
        P("evolution", "drift_step", N, "log2 step of one drift event"),
        P("evolution", "keap1_loss_nrf2", N, "log2 NRF2 activity gain by KEAP1 loss"),
        P("evolution", "nfe2l2_gain_nrf2", N, "log2 NRF2 activity gain by NFE2L2 gain of function"),
        P("evolution", "cul3_loss_nrf2", N, "log2 NRF2 activity gain by CUL3 loss"),
        P("evolution", "copy_gain_effect", N, "log2 trait change per extra copy"),
        P("evolution", "hpv_dsb_repair", N, "log2 DSB-repair level of HPV-positive cells"),
        // trait couplings
        P("coupling", "emt_dsb_repair", N, "log2 DSB-repair gain per log2 EMT"),
        P("coupling", "emt_apoptosis", N, "log2 apoptotic-threshold gain per log2 EMT"),
        P("coupling", "stemness_xct", N, "log2 xCT gain per log2 stemness (CD44v stabilises xCT)"),
        P("coupling", "nrf2_targets", N, "log2 gain of the NRF2 targets (GCL, xCT, TRX, MT) per log2 NRF2"),
        P("coupling", "nrf2_efflux", N, "log2 gain of platinum efflux (the ATP7 trait: MRP/ABCC pumps of GS-Pt conjugates) per log2 NRF2"),
        P("coupling", "nrf2_apoptosis", N, "log2 apoptotic-threshold gain (BCL-2, BCL-xL) per log2 NRF2"),
        // fitness costs: log2 division-rate loss per log2 gain of a trait
        P("cost", "cost_nrf2", N, "fitness cost of NRF2 activity"),
        P("cost", "cost_efflux", N, "fitness cost of ATP7/ABCB1 efflux"),
        P("cost", "cost_apoptosis", N, "fitness cost of the apoptotic threshold"),
        P("cost", "cost_glutathione", N, "fitness cost of GCL/xCT/GLS1/TRX"),
        P("cost", "cost_repair", N, "fitness cost of NER/DSB repair/shielding"),
        P("cost", "cost_metallothionein", N, "fitness cost of metallothionein"),
    ];

    private static ParameterDefinition P(string group, string key, Dimension d, string description) => new(key, d, description, group);

    private static readonly Dictionary<string, ParameterDefinition> ByKey = All.ToDictionary(p => p.Key);

    public static ParameterDefinition? Find(string key) => ByKey.GetValueOrDefault(key);

    public static IEnumerable<string> Keys => ByKey.Keys;
}
