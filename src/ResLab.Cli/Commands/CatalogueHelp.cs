namespace ResLab.Cli.Commands;

/// <summary>The one description of <c>--catalogue FILE</c>, shared by every command that takes it (what Catalogue.WithUserFile does).</summary>
internal static class CatalogueHelp
{
    public const string Text = "A user catalogue file (YAML, the format of src/ResLab/Biology/Data/*.yaml): its cell_lines and drugs add or replace " +
                               "entries of the same name; its parameters replace the model defaults for every line, except values a line sets itself " +
                               "(e.g. its doubling time; change those in the line's own entry or a protocol's overrides).";
}
