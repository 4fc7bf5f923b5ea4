using System.CommandLine;
using ResLab.Biology;

namespace ResLab.Cli.Commands;

/// <summary>`reslab catalogue list|show NAME`: the built-in cell lines, drugs and model parameters with their sources.</summary>
public static class CatalogueCommand
{
    public static Command Create()
    {
        var file = new Option<string?>("--catalogue") { Description = "A user catalogue file merged over the built-in one." };
        var list = new Command("list", "List the cell lines and drugs.") { file };
        list.SetAction(pr =>
        {
            var cat = Load(pr.GetValue(file));
            var o = pr.InvocationConfiguration.Output;
            o.WriteLine("Cell lines:");
            foreach (var l in cat.CellLines)
                o.WriteLine($"  {l.Name,-14} {l.Cellosaurus ?? "",-10} Td {l.Parameters.Get("doubling_time").Text,-8} {string.Join(", ", l.GenotypeFacts.Where(f => f.Value is not ("wild type" or "negative")).Select(f => $"{f.Gene} {f.Value}"))}  {l.Description}");
            o.WriteLine("Drugs:");
            foreach (var d in cat.Drugs)
                o.WriteLine($"  {d.Name,-14} {(d.Role == DrugRole.Platinum ? "platinum (DNA damage)" : $"inhibits {Traits.Key(d.Target!.Value)}, IC50 {d.Ic50!.Text}"),-34} aliases: {string.Join(", ", d.Aliases)}");
            o.WriteLine("Model parameters: 'reslab catalogue show parameters'.");
            return ExitCodes.Ok;
        });
        var name = new Argument<string>("name") { Description = "A cell line, a drug, or 'parameters'." };
        var show = new Command("show", "Show a cell line, a drug, or the model parameters, every number with its source.") { name, file };
        show.SetAction(pr =>
        {
            var cat = Load(pr.GetValue(file));
            var n = pr.GetValue(name)!;
            var o = pr.InvocationConfiguration.Output;
            if (n.Equals("parameters", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var g in ParameterSchema.All.GroupBy(p => p.Group))
                {
                    o.WriteLine($"[{g.Key}]");
                    foreach (var p in g) o.WriteLine($"  {p.Key,-36} {cat.Defaults.Get(p.Key).Text,-14} {p.Description}\n  {"",-36} source: {cat.Defaults.Get(p.Key).Source}");
                }
                return ExitCodes.Ok;
            }
            if (cat.FindDrug(n) is { } d)
            {
                o.WriteLine($"{d.Name} ({string.Join(", ", d.Aliases)})");
                o.WriteLine($"  role: {(d.Role == DrugRole.Platinum ? "platinum: the DNA-damaging drug of the model" : "inhibitor of " + Traits.Key(d.Target!.Value))}");
                o.WriteLine($"  molar mass: {d.MolarMass.Text} g/mol — {d.MolarMass.Source}");
                if (d.Ic50 is not null) o.WriteLine($"  IC50: {d.Ic50.Text} — {d.Ic50.Source}");
                if (d.Hill is not null) o.WriteLine($"  Hill slope: {d.Hill.Text} — {d.Hill.Source}");
                o.WriteLine($"  medium half-life: {d.MediumHalfLife.Text} — {d.MediumHalfLife.Source}");
                return ExitCodes.Ok;
            }
            var l = cat.CellLine(n, new InputLocation(Field: "NAME"));
            o.WriteLine($"{l.Name}{(l.Cellosaurus is null ? "" : $" ({l.Cellosaurus})")}: {l.Description}");
            if (l.Aliases.Count > 0) o.WriteLine($"  aliases: {string.Join(", ", l.Aliases)}");
            o.WriteLine("  genotype:");
            foreach (var f in l.GenotypeFacts) o.WriteLine($"    {f.Gene}: {f.Value}{(f.Detail is null ? "" : $" ({f.Detail})")} — {f.Source}");
            o.WriteLine("  parameters that differ from the model defaults:");
            foreach (var (k, v) in l.Parameters.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                if (!ReferenceEquals(v, cat.Defaults.Values.GetValueOrDefault(k))) o.WriteLine($"    {k}: {v.Text} — {v.Source}");
            o.WriteLine("  basal traits (log2 vs the generic line):");
            if (l.BasalTraits.Count == 0) o.WriteLine("    none (all as the generic line)");
            foreach (var (t, v) in l.BasalTraits) o.WriteLine($"    {Traits.Key(t)}: {v.Text} — {v.Source}");
            var model = new ResLab.Model.LineModel(l);
            o.WriteLine($"  derived: cycling division rate {model.DivisionRate:G4} /h; drug-free GSH {model.GshReference / 1000:G3} mM; SF2 {ResLab.Model.Radiation.Survival(model.Alpha, model.Beta, 2):G3}");
            o.WriteLine("  all other parameters: the model defaults ('reslab catalogue show parameters').");
            return ExitCodes.Ok;
        });
        return new Command("catalogue", "The built-in cell lines, drugs and model parameters, with sources.") { list, show };
    }

    private static Catalogue Load(string? file) => file is null ? Catalogue.Default : Catalogue.Default.WithUserFile(file);
}
