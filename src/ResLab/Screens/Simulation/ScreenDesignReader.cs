using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ResLab.Biology;
using ResLab.Protocols;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Screens.Simulation;

/// <summary>
/// Reads a screen file (YAML; every key in docs/screens.md) into a validated <see cref="ScreenDesign"/>. Every mistake
/// is a <see cref="UserInputException"/> naming the file, line, column and field, the value and what was expected:
/// unknown keys (with the nearest key), wrong units, an MOI ≤ 0, coverage below one cell per sgRNA, effects for genes
/// the library lacks (with the nearest gene), unknown arms, drugs and cell lines (with the nearest name).
/// </summary>
public static class ScreenDesignReader
{
    private static readonly string[] TopKeys = ["name", "description", "cell_line", "overrides", "library", "controls", "default_efficiency", "plasmid_skew",
        "gene_effects", "effects", "transduction", "culture", "selection", "sampling", "sequencing", "truth"];

    public static readonly string[] DefaultControlLabels = ["NonTargeting", "Non-Targeting", "NonTargetingControl", "NTC", "non-targeting"];

    public static ScreenDesign Load(string path, Catalogue? catalogue = null, ulong seed = 1)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read the screen file: {e.Message}", new InputLocation(path), e);
        }
        return Parse(text, path, catalogue, seed);
    }

    /// <summary>Parses screen-file text; relative file names in it are resolved against the file's directory.</summary>
    public static ScreenDesign Parse(string text, string? file = null, Catalogue? catalogue = null, ulong seed = 1)
    {
        var cat = catalogue ?? Catalogue.Default;
        var root = YamlTree.Parse(text, file);
        if (!root.IsMap) throw root.Error("a screen: a mapping with cell_line, library, transduction and selection");
        root.OnlyKeys(TopKeys);
        var dir = file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(file))!;
        var hashed = new StringBuilder(text);
        var notes = new List<string>();

        var lineNode = root.Require("cell_line");
        var line = cat.CellLine(lineNode.Scalar, lineNode.Where());
        if (root.Get("overrides") is { } ov)
        {
            ov.OnlyKeys(["parameters", "traits", "genotype"]);
            var pars = ov.Get("parameters") is { } p ? CatalogueReader.ReadParameterMap(p, requireSource: false, defaultSource: "screen override") : new();
            var traits = ov.Get("traits") is { } tm ? CatalogueReader.ReadTraitMap(tm, requireSource: false, defaultSource: "screen override") : new();
            var geno = ov.Get("genotype") is { } g ? CatalogueReader.ReadGenotype(g, requireSource: false) : new();
            line = line.WithOverrides(pars, traits, geno);
        }

        // ---------------------------------------------------------------- library
        var controls = root.Get("controls") is { } cn ? (cn.IsList ? cn.Items().Select(x => x.Scalar.Trim()).ToArray() : [cn.Scalar.Trim()]) : DefaultControlLabels;
        double? defaultEff = root.Get("default_efficiency") is { } de ? Fraction(de, "an on-target efficiency between 0 and 1 such as 0.8") : null;
        double skew = root.Get("plasmid_skew") is { } ps ? PlainNumber(ps, "a 90th/10th percentile ratio of at least 1 such as 2", min: 1, max: 1000) : 2;
        var libNode = root.Require("library");
        SgrnaLibrary library;
        if (libNode.IsScalar)
        {
            var libPath = Resolve(dir, libNode.Scalar);
            try { library = SgrnaLibrary.Read(libPath, controls, defaultEff, skew, seed); }
            catch (UserInputException e) when (e.Location?.File is null) { throw new UserInputException(e.Message, libNode.Where(), e); }
            hashed.Append('\n').Append(Hash(File.ReadAllBytes(libPath)));
        }
        else
        {
            libNode.OnlyKeys(["genes", "sgrnas_per_gene", "controls", "efficiency", "include"]);
            int genes = WholeNumber(libNode.Require("genes"), 1, 100_000, "a number of genes (1 to 100,000)");
            int per = libNode.Get("sgrnas_per_gene") is { } sp ? WholeNumber(sp, 1, 100, "sgRNAs per gene (1 to 100)") : 4;
            int nc = libNode.Get("controls") is { } cc ? WholeNumber(cc, 0, 1_000_000, "a number of non-targeting sgRNAs (0 or more)") : 0;
            double mean = 0.8, sd = 0.15;
            if (libNode.Get("efficiency") is { } ef)
            {
                if (ef.IsScalar) { mean = Fraction(ef, "a mean on-target efficiency between 0 and 1"); sd = 0; }
                else
                {
                    ef.OnlyKeys(["mean", "sd"]);
                    mean = Fraction(ef.Require("mean"), "a mean on-target efficiency between 0 and 1");
                    sd = ef.Get("sd") is { } s ? PlainNumber(s, "an SD between 0 and 0.5", 0, 0.5) : 0.15;
                }
            }
            // a made-up genome-scale library holds the genes of the effect table (modifiers first, then the essentials)
            var include = libNode.Get("include") is { } inc ? inc.Items().Select(x => x.Scalar.Trim()).ToList()
                : GeneEffects.Default.Effects.Values.OrderBy(e => e.Class == GeneEffects.EssentialClass ? 1 : 0).Select(e => e.Gene).ToList();
            library = SgrnaLibrary.Synthetic(genes, per, nc, include, mean, sd, skew, seed, controls[0]);
        }
        if (library.Controls == 0)
            notes.Add($"the library has no non-targeting controls (gene labelled {string.Join(" or ", controls)}); MAGeCK's --control-sgrna and the control columns of the report are not available");

        // ---------------------------------------------------------------- gene effects
        var effects = GeneEffects.Default;
        var libraryGenes = new HashSet<string>(library.GeneNames, StringComparer.OrdinalIgnoreCase);
        var user = new List<(GeneEffect Effect, InputLocation Where)>();
        if (root.Get("gene_effects") is { } gef)
        {
            var gpath = Resolve(dir, gef.Scalar);
            if (!File.Exists(gpath)) throw UserInputException.Invalid(gef.Where(), gef.Scalar, "a gene-effect file (YAML, the format of src/ResLab/Screens/Data/gene-effects.yaml)", "file not found");
            var tree = YamlTree.Load(gpath);
            hashed.Append('\n').Append(Hash(File.ReadAllBytes(gpath)));
            var read = GeneEffects.Read(tree, requireSource: false);
            // positions of each gene in the user's file, for messages
            foreach (var e in read) user.Add((e, WhereGene(tree, e.Gene) ?? new InputLocation(gpath)));
        }
        if (root.Get("effects") is { } inline)
            foreach (var e in GeneEffects.ReadEffects(inline, requireSource: false)) user.Add((e, inline.KeyWhere(e.Gene)));
        foreach (var (e, where) in user)
            if (!libraryGenes.Contains(e.Gene))
                throw new UserInputException($"gene '{e.Gene}' has an effect but is not in the library{NameMatcher.Hint(e.Gene, library.GeneNames)}; effects name genes of the library ({library.Source})", where);
        if (user.Count > 0) effects = effects.With(user.Select(u => u.Effect));

        // ---------------------------------------------------------------- transduction
        var trNode = root.Require("transduction");
        trNode.OnlyKeys(["moi", "coverage", "puromycin", "uninfected_survival", "t0", "phenotype_delay"]);
        var moiNode = trNode.Require("moi");
        double moi = PlainNumber(moiNode, "a multiplicity of infection above 0 (screens use 0.2–0.5 so that most cells carry one sgRNA)", double.Epsilon, 20, "an MOI is viral integrations per cell, a plain number");
        if (moi > 1) notes.Add($"MOI {NumberFormat.Pretty(moi)}: {NumberFormat.Pretty(100 * (1 - (1 + moi) * Math.Exp(-moi)) / (1 - Math.Exp(-moi)), 3)} % of transduced cells carry two or more sgRNAs");
        var coverage = CellsPerSgrna(trNode.Require("coverage"));
        var t = new Transduction
        {
            Moi = moi,
            Coverage = coverage,
            PuromycinHours = trNode.Get("puromycin") is { } pu ? Duration(pu, allowZero: true) : 72,
            UninfectedSurvival = trNode.Get("uninfected_survival") is { } us ? Fraction(us, "a surviving fraction of uninfected cells between 0 and 1 such as 0.001") : 1e-3,
            T0Hours = trNode.Get("t0") is { } t0 ? Duration(t0) : 7 * 24,
        };
        if (t.T0Hours < t.PuromycinHours) throw trNode.Require("t0").Error($"a T0 after the puromycin selection ({NumberFormat.Pretty(t.PuromycinHours / 24)} days)");
        // the knock-outs act after the delay (3 days by default, or at T0 if that is earlier)
        t = t with { PhenotypeDelayHours = trNode.Get("phenotype_delay") is { } pd ? Duration(pd, allowZero: true) : Math.Min(72, t.T0Hours) };
        if (t.PhenotypeDelayHours > t.T0Hours) throw trNode.Require("phenotype_delay").Error($"a delay of at most the time to T0 ({NumberFormat.Pretty(t.T0Hours / 24)} days)");

        // ---------------------------------------------------------------- culture
        var culture = new CultureSpec { Bottleneck = coverage };
        if (root.Get("culture") is { } cu)
        {
            cu.OnlyKeys(["passage_every", "bottleneck", "seeding_confluence"]);
            culture = new CultureSpec
            {
                PassageEveryHours = cu.Get("passage_every") is { } pe ? Duration(pe) : 72,
                Bottleneck = cu.Get("bottleneck") is { } bn ? CellsPerSgrna(bn) : coverage,
                SeedingConfluence = cu.Get("seeding_confluence") is { } sc ? Confluence(sc) : 0.1,
            };
        }

        // ---------------------------------------------------------------- selection
        var sel = root.Require("selection");
        sel.OnlyKeys(["duration", "replicates", "reference", "arms"]);
        var arms = new List<ScreenArm>();
        var armsNode = sel.Require("arms");
        foreach (var a in armsNode.Items())
        {
            if (!a.IsMap) throw a.Error("an arm such as '{ name: cisplatin, drug: { name: cisplatin, concentration: 2 uM } }'");
            a.OnlyKeys(["name", "description", "drug", "schedule", "protocol"]);
            var nameNode = a.Require("name");
            var name = nameNode.Scalar.Trim();
            if (name.Length == 0 || !name.All(ch => char.IsLetterOrDigit(ch) || ch is '_' or '-' or '.'))
                throw nameNode.Error("an arm name of letters, digits, '_', '-' or '.' (it names the count table's columns)");
            if (arms.Any(x => x.Name.Equals(name, StringComparison.OrdinalIgnoreCase))) throw nameNode.Error("a name used once");
            arms.Add(ReadArm(a, name, cat, dir, line, hashed, notes));
        }
        if (arms.Count == 0) throw armsNode.Error("at least one arm");
        string reference;
        if (sel.Get("reference") is { } rf)
        {
            reference = rf.Scalar.Trim();
            if (arms.All(x => x.Name != reference))
                throw UserInputException.Invalid(rf.Where(), reference, "the name of an arm: " + string.Join(", ", arms.Select(x => x.Name)),
                    NameMatcher.Nearest(reference, arms.Select(x => x.Name)) is { } n ? $"did you mean '{n}'?" : null);
        }
        else reference = (arms.FirstOrDefault(x => x.IsVehicle) ?? arms[0]).Name;
        var selection = new Selection
        {
            Arms = arms,
            DurationHours = sel.Get("duration") is { } du ? Duration(du) : 14 * 24,
            Replicates = sel.Get("replicates") is { } rp ? WholeNumber(rp, 1, 20, "a number of replicate flasks per arm (1 to 20)") : 2,
            Reference = reference,
        };

        // ---------------------------------------------------------------- sampling and sequencing
        var sampling = new SamplingSpec { T0Cells = culture.Bottleneck };
        if (root.Get("sampling") is { } sa)
        {
            sa.OnlyKeys(["t0_cells", "gdna", "genome_mass"]);
            sampling = new SamplingSpec
            {
                T0Cells = sa.Get("t0_cells") is { } tc ? CellsPerSgrna(tc) : culture.Bottleneck,
                GdnaMicrograms = sa.Get("gdna") is { } gd ? Mass(gd, "the genomic DNA amplified per sample, such as '200 ug'") : null,
                GenomeMicrograms = sa.Get("genome_mass") is { } gm ? Mass(gm, "the DNA of one cell, such as '6.6 pg'") : 6.6e-6,
            };
        }
        var sequencing = new SequencingSpec();
        if (root.Get("sequencing") is { } sq)
        {
            sq.OnlyKeys(["reads_per_sgrna", "reads", "pcr"]);
            double rps = 500;
            if (sq.Get("reads_per_sgrna") is { } r1 && sq.Get("reads") is not null) throw new UserInputException("give 'reads_per_sgrna' or 'reads', not both", sq.KeyWhere("reads"));
            if (sq.Get("reads_per_sgrna") is { } rr) rps = PlainNumber(rr, "mapped reads per sgRNA of at least 1 such as 500", 1, 1e7, "a number of reads");
            else if (sq.Get("reads") is { } rt) rps = PlainNumber(rt, $"mapped reads per sample of at least one per sgRNA ({library.Count})", library.Count, 1e12, "a number of reads") / library.Count;
            sequencing = sequencing with { ReadsPerSgrna = rps };
            if (sq.Get("pcr") is { } pcr)
            {
                pcr.OnlyKeys(["efficiency", "overdispersion", "bias_sd"]);
                sequencing = sequencing with
                {
                    PcrEfficiency = pcr.Get("efficiency") is { } pe ? PlainNumber(pe, "a per-cycle PCR efficiency between 0 and 1 such as 0.9", 0, 0.999) : 0.9,
                    PcrOverdispersion = pcr.Get("overdispersion") is { } od ? PlainNumber(od, "an overdispersion φ between 0 and 10 such as 0.01", 0, 10) : 0.01,
                    PcrBiasSd = pcr.Get("bias_sd") is { } bs ? PlainNumber(bs, "an SD of log amplification bias between 0 and 3 such as 0.2", 0, 3) : 0.2,
                };
            }
        }
        double threshold = 0.5;
        if (root.Get("truth") is { } tr)
        {
            tr.OnlyKeys(["threshold"]);
            threshold = PlainNumber(tr.Require("threshold"), "a log2 fold change above 0 such as 0.5", 1e-6, 20);
        }

        foreach (var (what, v) in new[] { ("transduction coverage", coverage), ("bottleneck", culture.Bottleneck), ("T0 sample", sampling.T0Cells) })
            if (v < 100) notes.Add($"{what} of {NumberFormat.Pretty(v)} cells per sgRNA is below the 200–1,000 usually kept: sgRNAs drift and drop out");
        if (sequencing.ReadsPerSgrna < 100) notes.Add($"{NumberFormat.Pretty(sequencing.ReadsPerSgrna)} reads per sgRNA is shallow: counting noise dominates");

        return new ScreenDesign
        {
            Name = root.OptionalString("name") ?? (file is null ? "screen" : Path.GetFileNameWithoutExtension(file)),
            Description = root.OptionalString("description") ?? "",
            Line = line,
            Library = library,
            Effects = effects,
            Transduction = t,
            Culture = culture,
            Selection = selection,
            Sampling = sampling,
            Sequencing = sequencing,
            TruthThreshold = threshold,
            InputHash = Hash(Encoding.UTF8.GetBytes(hashed.ToString())),
            SourceFile = file,
            Notes = notes,
        };
    }

    private static ScreenArm ReadArm(YamlTree a, string name, Catalogue cat, string dir, CellLine line, StringBuilder hashed, List<string> notes)
    {
        var rules = new List<Rule>();
        var desc = new List<string>();
        if (a.Get("drug") is { } d)
        {
            d.OnlyKeys(["name", "concentration"]);
            var drug = cat.Drug(d.Require("name").Scalar, d.Require("name").Where());
            var c = d.Require("concentration");
            double um = QuantityParser.ParseConcentration(c.Scalar, c.Where(), drug.Mass).Micromolar;
            if (!(um > 0)) throw c.Error("a concentration above 0 (an arm without drug needs no 'drug')");
            rules.Add(new Rule(new AtTrigger(0), [new SetDrugAction(drug.Name, um)], d.Where()));
            desc.Add($"{drug.Name} {NumberFormat.Pretty(um)} uM throughout (fresh medium at each passage)");
        }
        if (a.Get("schedule") is { } s)
        {
            var read = ProtocolReader.ReadRules(s, cat);
            rules.AddRange(WithoutPassages(read, name, notes, "schedule"));
            desc.Add($"{read.Count} schedule entr{(read.Count == 1 ? "y" : "ies")}");
        }
        if (a.Get("protocol") is { } pf)
        {
            var ppath = Resolve(dir, pf.Scalar);
            if (!File.Exists(ppath)) throw UserInputException.Invalid(pf.Where(), pf.Scalar, "a protocol file (docs/protocols.md)", "file not found");
            var protocol = ProtocolReader.Load(ppath, cat);
            hashed.Append('\n').Append(protocol.InputHash);
            if (!protocol.Line.Name.Equals(line.Name, StringComparison.OrdinalIgnoreCase))
                notes.Add($"arm '{name}': the protocol {Path.GetFileName(ppath)} names {protocol.Line.Name}; the screen's line {line.Name} is used");
            if (protocol.Phases.Count > 1)
                throw UserInputException.Invalid(pf.Where(), pf.Scalar, "a protocol with one schedule (no phases) for a screen arm", "split multi-phase protocols into arms or inline the schedule");
            rules.AddRange(WithoutPassages(protocol.Phases[0].Rules, name, notes, Path.GetFileName(ppath)));
            desc.Add($"the schedule of {Path.GetFileName(ppath)}");
        }
        if (a.OptionalString("description") is { } text) desc.Insert(0, text);
        return new ScreenArm(name, rules, desc.Count == 0 ? "vehicle (no drug)" : string.Join("; ", desc));
    }

    /// <summary>The screen passages every arm to its bottleneck; a schedule's own passages would double them, so they are dropped (noted).</summary>
    private static IEnumerable<Rule> WithoutPassages(IReadOnlyList<Rule> rules, string arm, List<string> notes, string from)
    {
        foreach (var r in rules)
        {
            var kept = r.Actions.Where(x => x is not PassageAction).ToArray();
            if (kept.Length < r.Actions.Count) notes.Add($"arm '{arm}': the passages of {from} are replaced by the screen's bottleneck passages");
            if (r.Actions.Any(x => x is StopAction)) throw new UserInputException("a screen arm cannot 'stop' early; its length is selection.duration", r.Where);
            if (kept.Length > 0) yield return r with { Actions = kept };
        }
    }

    private static InputLocation? WhereGene(YamlTree tree, string gene)
    {
        if (tree.Get("effects") is { IsMap: true } e && e.Get(gene) is not null) return e.KeyWhere(gene);
        return null;
    }

    private static string Resolve(string dir, string path) => Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(dir, path));

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    // ---------------------------------------------------------------- values

    private static double PlainNumber(YamlTree n, string expected, double min, double max, string? what = null)
    {
        var s = n.Scalar.Trim();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw n.Error(expected, s.Any(char.IsLetter) && s.Any(char.IsDigit) ? $"no unit here{(what is null ? "" : ": " + what)}" : null);
        if (v < min || v > max) throw n.Error(expected);
        return v;
    }

    private static int WholeNumber(YamlTree n, int min, int max, string expected)
    {
        if (!int.TryParse(n.Scalar.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max) throw n.Error(expected);
        return v;
    }

    private static double Fraction(YamlTree n, string expected)
    {
        var s = n.Scalar.Trim();
        double v;
        if (s.EndsWith('%') && double.TryParse(s[..^1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v)) v /= 100;
        else if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v)) throw n.Error(expected);
        if (!(v >= 0 && v <= 1)) throw n.Error(expected);
        return v;
    }

    private static double Confluence(YamlTree n)
    {
        double v = Fraction(n, "a confluence after a passage such as 10% (between 0.1 % and 90 %)");
        if (v < 1e-3 || v > 0.9) throw n.Error("a confluence after a passage such as 10% (between 0.1 % and 90 %)");
        return v;
    }

    /// <summary>Cells per sgRNA: "500", "500 cells" or "500 cells/sgRNA"; at least one.</summary>
    private static double CellsPerSgrna(YamlTree n)
    {
        var s = n.Scalar.Trim();
        foreach (var suffix in new[] { "cells/sgRNA", "cells per sgRNA", "cells/sgrna", "cells per sgrna", "x", "×", "cells", "cell" })
            if (s.EndsWith(suffix, StringComparison.Ordinal)) { s = s[..^suffix.Length].Trim(); break; }
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw n.Error("a number of cells per sgRNA such as '500' or '500 cells/sgRNA'", n.Scalar.Any(char.IsLetter) ? "coverage is counted in cells per sgRNA" : null);
        if (v < 1) throw n.Error("a coverage of at least 1 cell per sgRNA", "with fewer, most sgRNAs are lost before the screen starts");
        if (v > 1e6) throw n.Error("a coverage of at most 1e6 cells per sgRNA");
        return v;
    }

    private static double Duration(YamlTree n, bool allowZero = false)
    {
        double h = QuantityParser.ParseDuration(n.Scalar, n.Where()).Hours;
        if (!(h > 0 || (allowZero && h == 0)) || h > 5 * 365.25 * 24) throw n.Error(allowZero ? "a duration of 0 or more such as '3 days'" : "a positive duration such as '3 days'");
        return h;
    }

    private static double Mass(YamlTree n, string expected)
    {
        double ug = UnitExpression.Parse(n.Scalar, Dimension.MassD, n.Where());
        if (!(ug > 0)) throw n.Error(expected);
        return ug;
    }
}
