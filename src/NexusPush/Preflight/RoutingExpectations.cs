using NexusPush.Configuration;
using NexusPush.Formats;
using NexusPush.Planning;

namespace NexusPush.Preflight;

/// <summary>
/// The repositories a sync-dir routing writes to, as preflight expectations: every per-format default (flag or
/// config file) with its format, and every rule that names a repository — with the rule's format, or the one its
/// pattern implies (<c>*.deb</c> is apt, <c>*.rpm</c> yum), else any format.
/// </summary>
internal static class RoutingExpectations
{
    public static List<RepositoryExpectation> Of(SyncRouting routing, IReadOnlyDictionary<ArtifactFormat, string> flagRepositories)
    {
        var expectations = routing.Repositories
            .Select(route => new RepositoryExpectation(route.Value, route.Key, flagRepositories.ContainsKey(route.Key) ? FormatFacts.Of(route.Key).RoutingOption : $"the config file's {FormatFacts.Of(route.Key).ConfigKey}"))
            .ToList();
        foreach (var rule in routing.Rules.Where(r => r.Action == RuleAction.Upload && r.Repository is not null))
        {
            expectations.Add(new RepositoryExpectation(rule.Repository!, rule.Format ?? FormatFacts.ClaimedBy(rule.Match.Text), rule.Describe(routing.ConfigSource)));
        }

        return expectations;
    }
}
