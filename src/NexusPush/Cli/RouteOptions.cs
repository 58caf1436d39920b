using System.CommandLine;
using NexusPush.Formats;

namespace NexusPush.Cli;

/// <summary>
/// The per-format routing flags (<c>--apt-repository</c>, <c>--yum-repository</c>, …): which hosted repository takes
/// each format. Declared once, here, for every verb that routes by format (<c>check</c>, <c>sync-dir</c>) so the
/// flags are spelled and described the same everywhere.
/// </summary>
internal sealed class RouteOptions
{
    private readonly Dictionary<ArtifactFormat, Option<string?>> _byFormat;

    public RouteOptions()
    {
        _byFormat = ArtifactFormats.All.ToDictionary(
            format => format,
            format => new Option<string?>(FormatFacts.Of(format).RoutingOption)
            {
                Description = $"Hosted {format.NexusId()} repository that takes {FormatFacts.Of(format).Files} (overrides the config file's).",
                HelpName = "NAME",
            });
    }

    /// <summary>The flags, in the order of <see cref="ArtifactFormats.All"/>.</summary>
    public IEnumerable<Option> All => _byFormat.Values;

    public Option<string?> For(ArtifactFormat format) => _byFormat[format];

    /// <summary>The repositories given on the command line, by format (trimmed; empty values ignored).</summary>
    public IReadOnlyDictionary<ArtifactFormat, string> Resolve(ParseResult parse)
    {
        var routes = new Dictionary<ArtifactFormat, string>();
        foreach (var (format, option) in _byFormat)
        {
            if (parse.GetValue(option) is { } name && name.Trim().Length > 0)
            {
                routes[format] = name.Trim();
            }
        }

        return routes;
    }
}
