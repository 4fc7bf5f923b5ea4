namespace ResLab.Model;

/// <summary>The per-cell event rates (per hour) of every state of a clone at an instant.</summary>
public struct StateRates
{
    /// <summary>Division rate of cycling cells (contact inhibition and checkpoint arrest applied).</summary>
    public double DivideCycling;
    public double DividePersister;
    public double DeathCycling, DeathQuiescent, DeathPersister, DeathDoomed;
    public double CyclingToQuiescent, QuiescentToCycling, CyclingToPersister, PersisterToCycling;
    /// <summary>The cisplatin (apoptotic) and ferroptotic hazards of a cycling cell, for readouts.</summary>
    public double Apoptosis, Ferroptosis;
}

/// <summary>Fates per time step (MODEL.md §4): division with contact inhibition and arrest, cisplatin death, ferroptosis, switching.</summary>
public static class Hazards
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>
    /// h_max·σ((D − θ)/w) shifted and rescaled so that it is 0 at D = 0 (no drug, no cisplatin death) and h_max at
    /// large D; w = width·θ.
    /// </summary>
    public static double Apoptosis(double hMax, double damage, double theta, double width)
    {
        if (damage <= 0 || hMax <= 0) return 0;
        double w = width * theta;
        double s0 = Sigmoid(-theta / w);
        return hMax * Math.Max(0, Sigmoid((damage - theta) / w) - s0) / (1 - s0);
    }

    /// <summary>Checkpoint arrest (fraction of divisions held) from adducts and residual DSBs.</summary>
    public static double Arrest(LineModel L, double adducts, double dsb)
    {
        double a2 = adducts * adducts, ka2 = L.ArrestA * L.ArrestA;
        double fa = a2 / (a2 + ka2);
        double fd = dsb / (dsb + L.ArrestDsb);
        return L.Checkpoint * (1 - (1 - fa) * (1 - fd));
    }

    /// <summary>Ferroptosis hazard: drive = (ROS/ROS_ref)·(GSH_ref/GSH)/(NRF2/NRF2_ref) through a Hill function.</summary>
    public static double Ferroptosis(LineModel L, double ros, double gsh, double nrf2)
    {
        if (L.FerroMax <= 0) return 0;
        double drive = ros / L.RosReference * (L.GshReference / Math.Max(gsh, 1.0)) / Math.Max(nrf2 / L.Nrf2Reference, 1e-6);
        double x = Math.Pow(drive / L.FerroHalf, L.FerroHill);
        return L.FerroMax * x / (1 + x);
    }

    /// <summary>All rates of a clone in state <paramref name="s"/> under <paramref name="e"/>, at total density N/K = <paramref name="density"/>.</summary>
    public static StateRates Rates(CloneKinetics k, in IntracellularState s, in Exposure e, double density)
    {
        var L = k.Line;
        double damage = s.Damage(L.WRos, L.RosReference);
        // the anti-apoptotic NRF2 targets (BCL-2, BCL-xL) follow NRF2 activity, so an NRF2 inhibitor lowers θ
        double theta = k.Theta * Kinetics.Nrf2TargetScale(L.Nrf2Apoptosis, e);
        double apo = Apoptosis(L.HMax, damage, theta, L.Width);
        double fer = Ferroptosis(L, s.Ros, s.Gsh, Kinetics.Nrf2(k, s.Ros, e));
        double contact = Math.Max(0, 1 - density);
        double arrest = Arrest(L, s.Adducts, s.Dsb);
        double divide = k.DivisionRate * contact * (1 - arrest);
        double d0 = k.BasalDeath;
        bool drug = e.CisplatinMicromolar > 0;
        return new StateRates
        {
            DivideCycling = divide,
            DividePersister = divide * L.PersisterDivision,
            DeathCycling = d0 + apo + fer,
            DeathQuiescent = d0 + L.QuiescentSensitivity * (apo + fer),
            DeathPersister = d0 + L.PersisterSensitivity * (apo + fer),
            DeathDoomed = 1 / (L.DoomedLifetime * (k.DivisionRate > 0 ? Math.Log(2) / k.DivisionRate : L.DoublingTime)),
            CyclingToQuiescent = k.QuiescenceEntry,
            QuiescentToCycling = k.QuiescenceExit,
            CyclingToPersister = L.PersisterEntry + L.PersisterEntryDamage * damage / (damage + theta),
            PersisterToCycling = drug ? L.PersisterExitDrug : L.PersisterExit,
            Apoptosis = apo,
            Ferroptosis = fer,
        };
    }
}
