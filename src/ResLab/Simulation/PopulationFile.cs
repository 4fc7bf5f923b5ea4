using System.Text.Json;
using System.Text.Json.Serialization;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Storage;

namespace ResLab.Simulation;

/// <summary>The JSON form of a population snapshot (self-contained: the cell line's parameters travel with it).</summary>
internal static class PopulationFile
{
    private sealed record ValueDto(double Value, string Source, string Text);
    private sealed record FactDto(string Gene, string Value, string? Detail, string Source);
    private sealed record LineDto(string Name, string? Cellosaurus, string Description, List<FactDto> Genotype, Dictionary<string, ValueDto> Parameters, Dictionary<string, ValueDto> Traits);
    private sealed record CloneDto(int Id, int ParentId, double BornHours, string Mutations, byte Abcb1Gains, byte Ano1Gains, byte Actl6aGains, short[] Drift, int Tag,
        long Cycling, long Quiescent, long Persister, long Doomed, double[] State);
    private sealed record FileDto(string Format, string ResLabVersion, double TimeHours, LineDto Line, List<CloneDto> Clones);

    private const string Format = "reslab-population/1";
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Save(Population p, string path)
    {
        var line = new LineDto(p.Line.Name, p.Line.Cellosaurus, p.Line.Description,
            p.Line.GenotypeFacts.Select(f => new FactDto(f.Gene, f.Value, f.Detail, f.Source)).ToList(),
            p.Line.Parameters.Values.ToDictionary(kv => kv.Key, kv => new ValueDto(kv.Value.Value, kv.Value.Source, kv.Value.Text)),
            p.Line.BasalTraits.ToDictionary(kv => Traits.Key(kv.Key), kv => new ValueDto(kv.Value.Value, kv.Value.Source, kv.Value.Text)));
        var clones = p.Clones.Select(c => new CloneDto(c.Id, c.ParentId, c.BornHours, c.Phenotype.Genotype.Mutations.ToString(),
            c.Phenotype.Genotype.Abcb1Gains, c.Phenotype.Genotype.Ano1Gains, c.Phenotype.Genotype.Actl6aGains, c.Phenotype.DriftVector.ToArray(), c.Phenotype.Tag,
            c.Cycling, c.Quiescent, c.Persister, c.Doomed,
            [c.State.Ctr1, c.State.Cisplatin, c.State.Adducts, c.State.Gsh, c.State.GlutathioneTotal, c.State.Ros, c.State.Dsb])).ToList();
        var dto = new FileDto(Format, VersionInfo.Version, p.TimeHours, line, clones);
        AtomicFile.WriteText(path, JsonSerializer.Serialize(dto, Options));
    }

    public static Population Load(string path)
    {
        FileDto? dto;
        try { dto = JsonSerializer.Deserialize<FileDto>(File.ReadAllText(path), Options); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read a population snapshot: {e.Message}", new InputLocation(path), e);
        }
        if (dto is null || dto.Format != Format) throw new UserInputException($"not a ResLab population snapshot (expected format '{Format}')", new InputLocation(path));
        var traits = new Dictionary<Trait, SourcedValue>();
        foreach (var (k, v) in dto.Line.Traits)
            if (Traits.TryParse(k, out var t)) traits[t] = new SourcedValue(v.Value, v.Source, v.Text);
        var line = new CellLine
        {
            Name = dto.Line.Name,
            Cellosaurus = dto.Line.Cellosaurus,
            Description = dto.Line.Description,
            GenotypeFacts = dto.Line.Genotype.Select(f => new GenotypeFact(f.Gene, f.Value, f.Detail, f.Source)).ToList(),
            Parameters = new ParameterSet(dto.Line.Parameters.ToDictionary(kv => kv.Key, kv => new SourcedValue(kv.Value.Value, kv.Value.Source, kv.Value.Text))),
            BasalTraits = traits,
        };
        var clones = dto.Clones.Select(c => new PopulationClone(c.Id, c.ParentId, c.BornHours,
            new Phenotype(new Genotype(Enum.Parse<Mutations>(c.Mutations), c.Abcb1Gains, c.Ano1Gains, c.Actl6aGains), c.Drift, c.Tag),
            c.Cycling, c.Quiescent, c.Persister, c.Doomed,
            new IntracellularState { Ctr1 = c.State[0], Cisplatin = c.State[1], Adducts = c.State[2], Gsh = c.State[3], GlutathioneTotal = c.State[4], Ros = c.State[5], Dsb = c.State[6] })).ToList();
        return new Population(line, dto.TimeHours, clones);
    }
}
