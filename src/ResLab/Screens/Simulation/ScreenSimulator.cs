using ResLab.Biology;
using ResLab.Model;
using ResLab.Protocols;
using ResLab.Simulation;
using ResLab.Simulation.Random;

namespace ResLab.Screens.Simulation;

/// <summary>How a screen simulation runs (not what is simulated).</summary>
public sealed record ScreenSimulationSettings
{
    public ulong Seed { get; init; } = 1;
    /// <summary>Worker threads (null: all cores). Results do not depend on it.</summary>
    public int? Threads { get; init; }
    /// <summary>Engine cells of the largest class cultures (the classes are simulated at this scale; cost does not depend on it).</summary>
    public double EngineCells { get; init; } = 1e10;
    /// <summary>Every class present holds at least this many engine cells, so that its rates are deterministic.</summary>
    public double EngineFloor { get; init; } = 1e5;
    public EngineSettings Engine { get; init; } = new() { Evolution = false, RecordEvery = 1e9, MaxStep = 1 };
}

/// <summary>One sequenced sample: its cells, the genomes amplified and the reads.</summary>
public sealed record ScreenSample(string Name, string Arm, int Replicate, double CellsHarvested, double GenomesAmplified, double Reads, int ZeroSgrnas);

/// <summary>What one culture did: real cells over time and its passages.</summary>
public sealed record ScreenCultureLog(string Name, IReadOnlyList<ScreenSeriesPoint> Series, IReadOnlyList<ScreenPassage> Passages);

/// <summary>A phenotype class and how it fared relative to wild type (log2 per stretch; the truth of the screen).</summary>
public sealed record ScreenClass(int Index, string Label, Phenotype Phenotype, double TransducedCells, double Log2FitnessPreT0, IReadOnlyDictionary<string, double> Log2FitnessByArm);

/// <summary>The immutable result of a simulated screen.</summary>
public sealed record ScreenSimulationResult(ScreenDesign Design, ScreenSimulationSettings Settings, CountTable Counts, IReadOnlyList<GeneTruth> Truth,
    IReadOnlyList<ScreenClass> Classes, IReadOnlyList<ScreenSample> Samples, IReadOnlyList<ScreenCultureLog> Cultures, double CellsAtT0,
    IReadOnlyList<string> Warnings);

/// <summary>
/// Simulates a pooled CRISPR screen (Problem → solve → Solution): transduction at an MOI with Poisson integrations,
/// knock-outs that take with each sgRNA's efficiency, puromycin selection, expansion to T0, the T0 sample and the split
/// into arms and replicate flasks, selection under each arm's protocol with bottleneck passages, harvest, genomic DNA,
/// PCR and sequencing. The biology runs in the engine: one culture per stretch (before T0, then each arm) holding one
/// clone per phenotype class (<see cref="ClassCulture"/>). Each sgRNA is a set of sub-populations (its cells of each
/// class) that follow their class's offspring law with one exact draw per stretch, so a genome-scale library costs
/// little more than a focused one. Every draw comes from a stream keyed by (seed, replicate, sgRNA, stage): results are
/// bit-identical for any thread count.
/// </summary>
public static class ScreenSimulator
{
    // stages of the random streams (the step coordinate of RandomStream)
    private const ulong StageTransduction = 1, StagePreT0 = 2, StagePartition = 3, StageArm = 100, StageDna = 200, StageReads = 300, StageBias = 400;

    public static ScreenSimulationResult Run(ScreenDesign d, ScreenSimulationSettings? settings = null, IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var s = settings ?? new ScreenSimulationSettings();
        var lib = d.Library;
        int n = lib.Count;
        var warnings = new List<string>(d.Notes);
        var po = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = s.Threads ?? -1 };
        progress.Tell("screen", 0, 4, "transduction");

        // ------------------------------------------------------------ transduction and puromycin
        // Expected cells per class enter the engine; rare partner sets are dropped below ~1e-3 expected cells in the screen.
        double transduced = d.Transduction.Coverage * n;
        double moi = d.Transduction.Moi;
        double integrations = transduced * moi / -double.ExpM1(-moi);
        double plated = transduced / -double.ExpM1(-moi);
        var classes = new PhenotypeClasses(d, 1e-3 / Math.Max(1, integrations));
        var sets = classes.PartnerSets;
        var setP = sets.Select(x => x.P).ToArray();
        var sub = new List<(int Class, long Cells)>[n];
        Parallel.For(0, n, po, i =>
        {
            var rng = Stream(s.Seed, 0, i, StageTransduction);
            long x = Samplers.Poisson(ref rng, integrations * lib.Abundance[i]);
            int own = classes.SgrnaEffect[i];
            long ko = own >= 0 ? Samplers.Binomial(ref rng, x, lib.Efficiency[i]) : 0;
            var list = new List<(int, long)>(2);
            Span<long> split = stackalloc long[setP.Length];
            foreach (var (eff, cells) in new[] { (own, ko), (-1, x - ko) })
            {
                if (cells == 0) continue;
                Samplers.Multinomial(ref rng, cells, setP, split);
                for (int k = 0; k < split.Length; k++)
                    if (split[k] > 0) Add(list, classes.ClassOf(eff, k), split[k]);
            }
            sub[i] = list;
        });
        int nc = classes.Phenotypes.Count;
        var transducedByClass = new double[nc];
        foreach (var list in sub) foreach (var (c, cells) in list) transducedByClass[c] += cells;

        // ------------------------------------------------------------ the culture before T0 (engine, class level)
        var line = d.Line;
        var uninfected = UninfectedPhenotype(d);
        double uninfectedCells = d.Transduction.PuromycinHours > 0 ? plated * Math.Exp(-moi) : 0;
        double realTotal = transducedByClass.Sum() + uninfectedCells;
        double scale = s.EngineCells / realTotal;
        var seedClasses = new List<(Phenotype, long)>();
        var present = new bool[nc];
        for (int c = 0; c < nc; c++)
        {
            bool wanted = transducedByClass[c] > 0 || c <= classes.Effects.Count; // wild type and every knock-out alone always (truth table)
            if (!wanted) continue;
            present[c] = true;
            seedClasses.Add((classes.Phenotypes[c], (long)Math.Round(Math.Max(s.EngineFloor, scale * transducedByClass[c]))));
        }
        if (uninfectedCells > 0) seedClasses.Add((uninfected, (long)Math.Round(Math.Max(s.EngineFloor, scale * uninfectedCells))));
        var allPhenotypes = classes.Phenotypes.Append(uninfected).ToArray();
        var pre = new ClassCulture(new Culture(Population.FromPhenotypes(line, seedClasses), new Flask(scale * plated / d.Culture.SeedingConfluence), s.Engine, s.Seed, 1),
            allPhenotypes, scale);
        // Expansion: at each passage the cells are re-plated into more vessels at the seeding confluence (nothing discarded).
        // Until the phenotype delay every transduced cell is wild type: its law is wild type's up to then.
        double next = d.Culture.PassageEveryHours, delay = d.Transduction.PhenotypeDelayHours;
        OffspringLaw[]? beforeDelay = delay > 0 ? null : Enumerable.Repeat(OffspringLaw.Identity, allPhenotypes.Length).ToArray();
        while (pre.Culture.Time < d.Transduction.T0Hours - 1e-9)
        {
            cancel.ThrowIfCancellationRequested();
            double until = Math.Min(d.Transduction.T0Hours, pre.Culture.Time + s.Engine.MaxStep);
            if (until > next) until = next;
            if (beforeDelay is null && until > delay) until = delay;
            pre.Culture.AdvanceTo(until);
            pre.Observe();
            if (beforeDelay is null && pre.Culture.Time >= delay - 1e-9) beforeDelay = pre.TakeLaws();
            if (pre.Culture.Time >= next - 1e-9)
            {
                pre.Culture.Flask = pre.Culture.Flask with { Capacity = Math.Max(pre.Culture.Flask.Capacity, pre.Culture.TotalCells / d.Culture.SeedingConfluence) };
                next += d.Culture.PassageEveryHours;
            }
        }
        beforeDelay ??= pre.TakeLaws();
        var preLaws = pre.Laws.Select(l => beforeDelay[PhenotypeClasses.WildType].Then(l)).ToArray();
        progress.Tell("screen", 1, 4, "T0");

        // ------------------------------------------------------------ T0: sample and split
        double cellsT0 = 0;
        for (int c = 0; c < nc; c++) cellsT0 += transducedByClass[c] * preLaws[c].Mean;
        int armsN = d.Selection.Arms.Count, reps = d.Selection.Replicates;
        double t0Sample = d.Sampling.T0Cells * n, seedPerFlask = d.Culture.Bottleneck * n;
        double needed = t0Sample + armsN * reps * seedPerFlask;
        if (cellsT0 < needed)
            throw new UserInputException(
                $"at T0 ({NumberFormat(d.Transduction.T0Hours / 24)} days) the library holds about {NumberFormat(cellsT0)} transduced cells, fewer than the T0 sample and the {armsN * reps} flasks need ({NumberFormat(needed)} = {NumberFormat(d.Sampling.T0Cells)} + {armsN * reps} × {NumberFormat(d.Culture.Bottleneck)} cells per sgRNA); start T0 later, transduce more cells or seed the arms with fewer",
                new InputLocation(d.SourceFile, Field: "transduction.t0"));
        var t0Counts = new long[n][];
        var armSeeds = new long[armsN * reps][][];
        for (int k = 0; k < armSeeds.Length; k++) armSeeds[k] = new long[n][];
        var shares = new double[armsN * reps + 2];
        shares[0] = t0Sample / cellsT0;
        for (int k = 0; k < armsN * reps; k++) shares[k + 1] = seedPerFlask / cellsT0;
        shares[^1] = Math.Max(0, 1 - shares.Take(shares.Length - 1).Sum());
        Parallel.For(0, n, po, i =>
        {
            var rng = Stream(s.Seed, 0, i, StagePreT0);
            var list = sub[i];
            var t0 = new long[list.Count];
            var seeds = new long[armsN * reps][];
            for (int k = 0; k < seeds.Length; k++) seeds[k] = new long[list.Count];
            Span<long> split = stackalloc long[shares.Length];
            var prng = Stream(s.Seed, 0, i, StagePartition);
            for (int j = 0; j < list.Count; j++)
            {
                long cells = preLaws[list[j].Class].Sample(ref rng, list[j].Cells);
                Samplers.Multinomial(ref prng, cells, shares, split);
                t0[j] = split[0];
                for (int k = 0; k < seeds.Length; k++) seeds[k][j] = split[k + 1];
            }
            t0Counts[i] = t0;
            for (int k = 0; k < seeds.Length; k++) armSeeds[k][i] = seeds[k];
        });

        // ------------------------------------------------------------ arms (engine, one class culture per arm)
        var snapshot = pre.Culture.Snapshot();
        var armCultures = new ClassCulture[armsN];
        Parallel.For(0, armsN, po, a =>
        {
            long seedEngine = (long)Math.Round(Math.Min(snapshot.Total, seedPerFlask * scale));
            var drawn = snapshot.Sample(seedEngine, s.Seed, (ulong)(10 + a));
            var start = new Population(drawn.Line, 0, drawn.Clones); // arm time starts at T0
            var flask = new Flask(seedEngine / d.Culture.SeedingConfluence);
            var culture = new Culture(start, flask, s.Engine, s.Seed, (ulong)(10 + a));
            var cc = new ClassCulture(culture, allPhenotypes, scale);
            var protocol = ArmProtocol(d, d.Selection.Arms[a], flask, seedEngine, s.Engine.MaxStep);
            var runner = new ProtocolRunner(protocol, culture);
            runner.Run(cancel, _ => cc.Observe());
            armCultures[a] = cc;
        });
        progress.Tell("screen", 2, 4, "selection");

        // ------------------------------------------------------------ harvest: cells per sgRNA in each flask
        var samples = new List<(string Name, string Arm, int Rep, long[] Cells)>();
        var t0Total = new long[n];
        for (int i = 0; i < n; i++) t0Total[i] = t0Counts[i].Sum();
        samples.Add(("T0", "T0", 0, t0Total));
        for (int a = 0; a < armsN; a++)
            for (int r = 0; r < reps; r++)
            {
                int k = a * reps + r;
                var laws = armCultures[a].Laws;
                var cells = new long[n];
                Parallel.For(0, n, po, i =>
                {
                    var rng = Stream(s.Seed, (ulong)(k + 1), i, StageArm + (ulong)a);
                    var list = sub[i];
                    long total = 0;
                    for (int j = 0; j < list.Count; j++) total += laws[list[j].Class].Sample(ref rng, armSeeds[k][i][j]);
                    cells[i] = total;
                });
                samples.Add(($"{d.Selection.Arms[a].Name}_{r + 1}", d.Selection.Arms[a].Name, r + 1, cells));
            }
        progress.Tell("screen", 3, 4, "sequencing");

        // ------------------------------------------------------------ genomic DNA, PCR, sequencing
        var bias = new double[n];
        for (int i = 0; i < n; i++)
        {
            var rng = Stream(s.Seed, 0, i, StageBias);
            bias[i] = d.Sequencing.PcrBiasSd > 0 ? Math.Exp(d.Sequencing.PcrBiasSd * rng.NextNormal()) : 1;
        }
        var counts = new double[samples.Count][];
        var sampleInfo = new ScreenSample[samples.Count];
        Parallel.For(0, samples.Count, po, k =>
        {
            var (name, arm, rep, cells) = samples[k];
            var (reads, info) = Sequence(d, s.Seed, (ulong)(k + 1), cells, bias);
            counts[k] = reads;
            sampleInfo[k] = info with { Name = name, Arm = arm, Replicate = rep };
        });
        var table = new CountTable(lib.Ids, lib.Genes, samples.Select(x => x.Name).ToArray(), counts);

        // ------------------------------------------------------------ truth
        var fitness = new ScreenClass[nc];
        for (int c = 0; c < nc; c++)
        {
            var byArm = new Dictionary<string, double>();
            for (int a = 0; a < armsN; a++) byArm[d.Selection.Arms[a].Name] = RelativeLog2(armCultures[a].Laws, c);
            fitness[c] = new ScreenClass(c, classes.Label(c), classes.Phenotypes[c], transducedByClass[c], RelativeLog2(preLaws, c), byArm);
        }
        var truth = ScreenTruth.Compute(d, classes, preLaws, armCultures.Select(x => x.Laws).ToArray());
        foreach (var (a, cc) in armCultures.Select((x, a) => (a, x)))
        {
            double minCoverage = cc.Passages.Count == 0 ? double.NaN : cc.Passages.Min(p => p.CellsBefore) / n;
            if (minCoverage < d.Culture.Bottleneck)
                warnings.Add($"arm '{d.Selection.Arms[a].Name}': at a passage only {NumberFormat(minCoverage)} cells per sgRNA were left (bottleneck {NumberFormat(d.Culture.Bottleneck)}): every cell was kept and representation drops");
        }
        progress.Tell("screen", 4, 4);
        var logs = new List<ScreenCultureLog> { new("before T0", pre.Series, pre.Passages) };
        logs.AddRange(armCultures.Select((cc, a) => new ScreenCultureLog(d.Selection.Arms[a].Name, cc.Series, cc.Passages)));
        return new ScreenSimulationResult(d, s, table, truth, fitness.Where((_, c) => present[c]).ToArray(), sampleInfo, logs, cellsT0, warnings);
    }

    private static void Add(List<(int Class, long Cells)> list, int c, long cells)
    {
        for (int j = 0; j < list.Count; j++)
            if (list[j].Class == c) { list[j] = (c, list[j].Cells + cells); return; }
        list.Add((c, cells));
    }

    private static RandomStream Stream(ulong seed, ulong replicate, int sgrna, ulong stage) => new(seed, replicate, StreamPurpose.Screen, (ulong)sgrna, stage);

    /// <summary>log2 of a class's mean growth relative to wild type over a stretch.</summary>
    private static double RelativeLog2(IReadOnlyList<OffspringLaw> laws, int c)
    {
        double wt = laws[PhenotypeClasses.WildType].Mean;
        return laws[c].Mean > 0 && wt > 0 ? Math.Log2(laws[c].Mean / wt) : double.NegativeInfinity;
    }

    /// <summary>
    /// Uninfected cells: they stop dividing under puromycin and die at the rate that leaves the given surviving fraction
    /// at the end of the selection (a phenotype of the engine: lethal, with a raised basal death).
    /// </summary>
    private static Phenotype UninfectedPhenotype(ScreenDesign d)
    {
        var g = d.Line.Genotype.With(Mutations.Lethal);
        double hours = Math.Max(d.Transduction.PuromycinHours, 1e-6);
        double rate = -Math.Log(Math.Max(d.Transduction.UninfectedSurvival, 1e-12)) / hours;
        double basal = d.Line.Parameters["basal_death"];
        return Phenotype.Founder(g, tag: 1).Shifted(Trait.BasalDeath, Math.Log2(Math.Max(rate, basal) / basal));
    }

    /// <summary>
    /// An arm's protocol: its treatment rules plus the screen's bottleneck passage (seed the bottleneck, fresh medium)
    /// every passage interval; inspected every engine step so that the laws see each step.
    /// </summary>
    internal static Protocol ArmProtocol(ScreenDesign d, ScreenArm arm, Flask flask, long keepEngine, double step) =>
        ArmProtocol(d.Line, arm.Name, arm.Rules, d.Culture.PassageEveryHours, d.Selection.DurationHours, flask, keepEngine, step);

    internal static Protocol ArmProtocol(CellLine line, string name, IReadOnlyList<Rule> treatment, double passageEvery, double duration, Flask flask, long keep, double step)
    {
        var rules = treatment.ToList();
        rules.Add(new Rule(new EveryTrigger(passageEvery, passageEvery), [new PassageAction(SeedCells: keep), new ChangeMediumAction()]));
        return new Protocol
        {
            Name = name,
            Line = line,
            Flask = flask,
            Seeding = keep,
            Duration = duration,
            InspectEvery = step,
            RecordEvery = 1e9,
            Phases = [new Phase("selection", rules)],
        };
    }

    /// <summary>
    /// Cells → reads for one sample: genomic DNA (each cell's integrated sgRNA copy is in the amplified DNA with
    /// probability genomes / cells), PCR (each template's progeny a Galton–Watson product of relative variance
    /// (1 − η)/(1 + η), hence Gamma(copies·(1 + η)/(1 − η)); a per-sample Gamma(1/φ, φ) overdispersion; the library's fixed
    /// sequence bias), then sequencing: a multinomial of the reads over the amplicon abundances.
    /// </summary>
    private static (double[] Reads, ScreenSample Info) Sequence(ScreenDesign d, ulong seed, ulong sample, long[] cells, double[] bias)
    {
        int n = cells.Length;
        double harvested = 0;
        foreach (var c in cells) harvested += c;
        double genomes = d.Sampling.GdnaMicrograms is { } ug ? ug / d.Sampling.GenomeMicrograms : harvested;
        double f = harvested > 0 ? Math.Min(1, genomes / harvested) : 0;
        double shapePerTemplate = (1 + d.Sequencing.PcrEfficiency) / (1 - d.Sequencing.PcrEfficiency);
        double phi = d.Sequencing.PcrOverdispersion;
        var amplicons = new double[n];
        for (int i = 0; i < n; i++)
        {
            var rng = Stream(seed, sample, i, StageDna);
            long copies = f >= 1 ? cells[i] : Samplers.Binomial(ref rng, cells[i], f);
            if (copies == 0) continue;
            double a = Samplers.Gamma(ref rng, copies * shapePerTemplate) / shapePerTemplate;
            if (phi > 0) a *= Samplers.Gamma(ref rng, 1 / phi) * phi;
            amplicons[i] = a * bias[i];
        }
        long depth = (long)Math.Round(d.Sequencing.ReadsPerSgrna * n);
        var reads = new long[n];
        if (amplicons.Sum() > 0)
        {
            var rrng = new RandomStream(seed, sample, StreamPurpose.Screen, 0, StageReads);
            Samplers.Multinomial(ref rrng, depth, amplicons, reads);
        }
        var r = new double[n];
        int zeros = 0;
        for (int i = 0; i < n; i++) { r[i] = reads[i]; if (reads[i] == 0) zeros++; }
        return (r, new ScreenSample("", "", 0, harvested, Math.Min(genomes, harvested), reads.Sum(), zeros));
    }

    private static string NumberFormat(double v) => ResLab.Storage.NumberFormat.Pretty(v, 3);
}
