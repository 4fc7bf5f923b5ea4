using ResLab.Biology;

namespace ResLab.Model;

/// <summary>
/// A cell line's parameters compiled for the equations (fields, not dictionary look-ups), with the reference
/// quantities derived from them: the parental drift-free steady state (ROS, GSH, NRF2 references of the hazards and
/// of radiation scavenging) and the cycling division rate that reproduces the line's observed doubling time.
/// </summary>
public sealed class LineModel
{
    public CellLine Line { get; }
    public ParameterSet P { get; }
    public Genotype FounderGenotype { get; }

    // growth and states
    public readonly double DoublingTime, BasalDeath, QuiescenceEntry, QuiescenceExit, QuiescentSensitivity;
    public readonly double PersisterEntry, PersisterEntryDamage, PersisterExit, PersisterExitDrug, PersisterDivision, PersisterSensitivity, DoomedLifetime;
    // kinetics
    public readonly double KCtr, GCtr, PPass, KIn, KAtp7, KAbcb1, KConj, KMt, KDna, KNer;
    public readonly double VGcl, KGexp, KOx, KRed, GluOther, NInd, KRos;
    public readonly double RCis, RMet, KGsh, KTrx, KRosDecay, Glyco0;
    // death
    public readonly double HMax, Theta, Width, WRos, Tp53WtFactor, FerroMax, FerroHalf, FerroHill, ArrestA, ArrestDsb, Checkpoint;
    // radiation
    public readonly double Alpha, Beta, OerMax, OxygenK, OxygenRef, IndirectFraction, GshScavK, RepairHalfTime, DsbPerGy, DsbRepair;
    public readonly double RadEmtProb, RadEmtShift, RadRepairProb, RadRepairShift, QuiescentRadMod, PersisterRadMod;
    // evolution
    public readonly double Keap1Rate, Nfe2l2Rate, Cul3Rate, Tp53Rate, Abcb1GainRate, Ano1GainRate, Actl6aGainRate, MarkerRate, DriftRate, DriftStep;
    public readonly double Keap1Nrf2, Nfe2l2Nrf2, Cul3Nrf2, CopyGain, HpvDsb;
    public readonly double EmtDsb, EmtApoptosis, StemXct, Nrf2Targets, Nrf2Efflux, Nrf2Apoptosis;
    public readonly double CostNrf2, CostEfflux, CostApoptosis, CostGlutathione, CostRepair, CostMt;

    /// <summary>The cycling division rate (per h) of the parental phenotype at low density, drug-free.</summary>
    public double DivisionRate { get; }
    /// <summary>The parental drug-free steady state.</summary>
    public IntracellularState Reference { get; }
    public double RosReference => Reference.Ros;
    public double GshReference => Reference.Gsh;
    public double Nrf2Reference { get; }

    public LineModel(CellLine line)
    {
        Line = line;
        P = line.Parameters;
        FounderGenotype = line.Genotype;
        var p = P;
        DoublingTime = p["doubling_time"]; BasalDeath = p["basal_death"];
        QuiescenceEntry = p["quiescence_entry"]; QuiescenceExit = p["quiescence_exit"]; QuiescentSensitivity = p["quiescent_drug_sensitivity"];
        PersisterEntry = p["persister_entry"]; PersisterEntryDamage = p["persister_entry_damage"]; PersisterExit = p["persister_exit"];
        PersisterExitDrug = p["persister_exit_under_drug"]; PersisterDivision = p["persister_division"]; PersisterSensitivity = p["persister_drug_sensitivity"];
        DoomedLifetime = p["doomed_lifetime"];
        KCtr = p["ctr1_recovery"]; GCtr = p["ctr1_degradation"]; PPass = p["passive_uptake"]; KIn = p["ctr1_uptake"];
        KAtp7 = p["atp7_efflux"]; KAbcb1 = p["abcb1_efflux"]; KConj = p["gsh_conjugation"]; KMt = p["mt_binding"]; KDna = p["dna_binding"]; KNer = p["ner_repair"];
        VGcl = p["gcl_synthesis"]; KGexp = p["glutathione_export"]; KOx = p["gsh_oxidation"]; KRed = p["gssg_reduction"]; GluOther = p["glutamate_other"];
        NInd = p["nrf2_induction"]; KRos = p["nrf2_ros_half"];
        RCis = p["ros_from_cisplatin"]; RMet = p["ros_mitochondrial"]; KGsh = p["ros_gsh_scavenging"]; KTrx = p["ros_trx_scavenging"]; KRosDecay = p["ros_decay"];
        Glyco0 = p["glycolytic_fraction"];
        HMax = p["apoptosis_max_hazard"]; Theta = p["apoptosis_threshold"]; Width = p["apoptosis_width"]; WRos = p["ros_damage_weight"];
        Tp53WtFactor = p["tp53_wt_threshold_factor"]; FerroMax = p["ferroptosis_max_hazard"]; FerroHalf = p["ferroptosis_half"]; FerroHill = p["ferroptosis_hill"];
        ArrestA = p["arrest_adduct_half"]; ArrestDsb = p["arrest_dsb_half"]; Checkpoint = p["checkpoint_strength"];
        Alpha = p["lq_alpha"]; Beta = p["lq_beta"]; OerMax = p["oer_max"]; OxygenK = p["oxygen_k"]; OxygenRef = p["oxygen_reference"];
        IndirectFraction = p["indirect_fraction"]; GshScavK = p["gsh_scavenging_k"]; RepairHalfTime = p["sublethal_repair_half_time"];
        DsbPerGy = p["dsb_per_gy"]; DsbRepair = p["dsb_repair_rate"];
        RadEmtProb = p["radiation_emt_probability"]; RadEmtShift = p["radiation_emt_shift"]; RadRepairProb = p["radiation_repair_change_probability"];
        RadRepairShift = p["radiation_repair_shift"]; QuiescentRadMod = p["quiescent_radiation_modifier"]; PersisterRadMod = p["persister_radiation_modifier"];
        Keap1Rate = p["keap1_loss_rate"]; Nfe2l2Rate = p["nfe2l2_gain_rate"]; Cul3Rate = p["cul3_loss_rate"]; Tp53Rate = p["tp53_loss_rate"];
        Abcb1GainRate = p["abcb1_gain_rate"]; Ano1GainRate = p["ano1_gain_rate"]; Actl6aGainRate = p["actl6a_gain_rate"]; MarkerRate = p["marker_rate"];
        DriftRate = p["drift_rate"]; DriftStep = p["drift_step"];
        Keap1Nrf2 = p["keap1_loss_nrf2"]; Nfe2l2Nrf2 = p["nfe2l2_gain_nrf2"]; Cul3Nrf2 = p["cul3_loss_nrf2"]; CopyGain = p["copy_gain_effect"]; HpvDsb = p["hpv_dsb_repair"];
        EmtDsb = p["emt_dsb_repair"]; EmtApoptosis = p["emt_apoptosis"]; StemXct = p["stemness_xct"]; Nrf2Targets = p["nrf2_targets"];
        Nrf2Efflux = p["nrf2_efflux"]; Nrf2Apoptosis = p["nrf2_apoptosis"];
        CostNrf2 = p["cost_nrf2"]; CostEfflux = p["cost_efflux"]; CostApoptosis = p["cost_apoptosis"]; CostGlutathione = p["cost_glutathione"];
        CostRepair = p["cost_repair"]; CostMt = p["cost_metallothionein"];
        Validate();

        DivisionRate = SolveDivisionRate();
        var parental = new CloneKinetics(this, Phenotype.Founder(FounderGenotype), referencesKnown: false);
        Reference = Kinetics.SteadyState(parental, Exposure.DrugFree);
        Nrf2Reference = Kinetics.Nrf2(parental, Reference.Ros, Exposure.DrugFree);
    }

    private void Validate()
    {
        foreach (var (key, v) in P.Values)
        {
            var def = ParameterSchema.Find(key);
            if (def is null) continue;
            bool mayBeNegative = key.EndsWith("_shift") || key == "hpv_dsb_repair";
            if (!mayBeNegative && v.Value < 0)
                throw new UserInputException($"model parameter '{key}' is {v.Text}; expected a value of zero or more (source: {v.Source})");
        }
        if (DoublingTime <= 0) throw new UserInputException($"doubling_time must be positive; got {P.Get("doubling_time").Text}");
        if (Glyco0 >= 1) throw new UserInputException("glycolytic_fraction must be below 1");
    }

    /// <summary>
    /// The doubling time of a catalogue is that of the whole population in exponential growth. Cells also die and
    /// switch to slower states, so the cycling division rate b is solved (bisection) such that the dominant eigenvalue
    /// of the drug-free linear three-state system (cycling, quiescent, persister) equals ln 2 / Td.
    /// </summary>
    private double SolveDivisionRate()
    {
        double target = Math.Log(2) / DoublingTime;
        var founder = new CloneKinetics(this, Phenotype.Founder(FounderGenotype), referencesKnown: false, divisionRateOverride: 1);
        double lo = 0, hi = 20 * target + 1;
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (GrowthRate(founder, mid) < target) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Dominant eigenvalue of the drug-free three-state system with division rate b × the clone's multiplier.</summary>
    public static double GrowthRate(CloneKinetics k, double b)
    {
        double d = k.BasalDeath;
        double bc = b * k.DivisionMultiplier;
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new[,]
        {
            { bc - d - k.QuiescenceEntry - k.Line.PersisterEntry, k.QuiescenceExit, k.Line.PersisterExit },
            { k.QuiescenceEntry, -d - k.QuiescenceExit, 0 },
            { k.Line.PersisterEntry, 0, bc * k.Line.PersisterDivision - d - k.Line.PersisterExit },
        });
        return m.Evd().EigenValues.Max(c => c.Real);
    }
}
