using System.CommandLine;
using System.Globalization;

namespace NexusPush.Cli;

/// <summary>
/// Options of the verbs that upload (<c>upload</c>, <c>sync-dir</c>) about checking before and after the work:
/// <c>--no-preflight</c>, <c>--wait-index[=SECONDS]</c>, <c>--apt-distribution</c>.
/// </summary>
internal sealed class OperatorOptions
{
    /// <summary>What <c>--wait-index</c> without a value waits, in seconds.</summary>
    public const double DefaultIndexWaitSeconds = 300;

    public Option<bool> NoPreflight { get; } = new("--no-preflight")
    {
        Description = "Skip the checks run before any work (Nexus answers, credentials accepted, repositories exist, are hosted and have the right format).",
    };

    public Option<TimeSpan?> WaitIndex { get; } = new("--wait-index")
    {
        Description = $"After uploading .deb/.rpm files, wait until each (and each one skipped as already stored) appears in the repository's apt/yum index, at most SECONDS (default {DefaultIndexWaitSeconds:0}); one still missing then fails. Give the value with '=': --wait-index=600.",
        HelpName = "SECONDS",
        Arity = ArgumentArity.ZeroOrOne,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return TimeSpan.FromSeconds(DefaultIndexWaitSeconds);
            }

            var text = result.Tokens[0].Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 86_400)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            result.AddError($"--wait-index takes a number of seconds, not '{text}'; write --wait-index=SECONDS, or put --wait-index after the files.");
            return null;
        },
    };

    /// <summary>How often the index is fetched while waiting. Hidden: tests make it short; operators have no reason to.</summary>
    public Option<TimeSpan> WaitIndexInterval { get; } = new("--wait-index-interval")
    {
        Description = "Seconds between two reads of the index while waiting.",
        Hidden = true,
        DefaultValueFactory = _ => TimeSpan.FromSeconds(2),
        CustomParser = result => double.TryParse(result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0
            ? TimeSpan.FromSeconds(s)
            : TimeSpan.FromSeconds(2),
    };

    public Option<string?> AptDistribution { get; } = new("--apt-distribution")
    {
        Description = "apt: the distribution whose index --wait-index reads (dists/<distribution>/…); by default the repository's own setting, which needs admin read.",
        HelpName = "NAME",
    };

    public IEnumerable<Option> All => [NoPreflight, WaitIndex, WaitIndexInterval, AptDistribution];
}
