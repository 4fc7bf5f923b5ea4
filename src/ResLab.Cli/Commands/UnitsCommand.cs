using System.CommandLine;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Cli.Commands;

/// <summary>`reslab units VALUE…`: parses quantities and shows them in canonical units (a quick unit check).</summary>
public static class UnitsCommand
{
    public static Command Create()
    {
        var values = new Argument<string[]>("values") { Description = "Quantities such as '25 uM', '5 mg/L', '2 Gy', '72 h', '6 weeks'.", Arity = ArgumentArity.OneOrMore };
        var molar = new Option<double?>("--molar-mass") { Description = "Molar mass in g/mol for mg/L ↔ µM (default: cisplatin, 300.05 g/mol)." };
        var cmd = new Command("units", "Parse quantities and print them in ResLab's canonical units (µM, Gy, h).") { values, molar };
        cmd.SetAction(pr =>
        {
            var mm = new MolarMass(pr.GetValue(molar) ?? MolarMass.Cisplatin.GramsPerMole);
            var o = pr.InvocationConfiguration.Output;
            foreach (var v in pr.GetValue(values)!)
            {
                var q = QuantityParser.Parse(v, new InputLocation(Field: "value"));
                var text = q.Kind switch
                {
                    QuantityKind.Concentration => $"{NumberFormat.Pretty(q.Value, 6)} µM (concentration)",
                    QuantityKind.MassConcentration =>
                        $"{NumberFormat.Pretty(q.Value, 6)} mg/L = {NumberFormat.Pretty(Concentration.FromMass(new MassConcentration(q.Value), mm).Micromolar, 6)} µM at {NumberFormat.Pretty(mm.GramsPerMole, 6)} g/mol",
                    QuantityKind.RadiationDose => $"{NumberFormat.Pretty(q.Value, 6)} Gy (radiation dose)",
                    QuantityKind.Duration => $"{NumberFormat.Pretty(q.Value, 6)} h = {NumberFormat.Pretty(q.Value / 24, 6)} d (duration)",
                    _ => q.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                o.WriteLine($"{v} = {text}");
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
