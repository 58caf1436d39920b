using Microsoft.Extensions.Logging;
using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Preflight;

/// <summary>
/// Preflight as <c>upload</c> and <c>sync-dir</c> use it, before any work: a credential problem stops the run with exit 3,
/// a configuration or licence problem with exit 2, so a wrong password or a misrouted repository fails in seconds,
/// not after an hour. An unreachable, 5xx-answering or read-only Nexus is not a configuration error: the run goes on
/// and its items are retried, then fail (exit 4) or go to the fallback folder (exit 5).
/// </summary>
internal sealed class PreflightGate(NexusPreflight preflight, ILogger logger, RunCircuitBreaker? breaker = null)
{
    /// <summary>What a plan needs of Nexus: each repository it writes to, with each format it sends there.</summary>
    public static List<RepositoryExpectation> ExpectationsOf(IEnumerable<PlanItem> plan, string verb) =>
        plan.Where(i => i.Repository is not null && i.Action == PlanAction.Upload)
            .GroupBy(i => (i.Repository, i.Format))
            .Select(g => new RepositoryExpectation(g.Key.Repository!, g.Key.Format, $"{verb} of {g.First().DisplayPath}"))
            .ToList();

    /// <param name="repositories">What the run writes where.</param>
    /// <param name="fallbackFolder"><c>--fallback-dir</c>, when given: checked for writability (<see cref="FallbackFolderCheck"/>).</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <param name="lean">Only the checks that can change what happens before an upload (<see cref="LeanUpload"/>).</param>
    public async Task<PreflightResult> EnsureReadyAsync(IReadOnlyList<RepositoryExpectation> repositories, CancellationToken cancellationToken, string? fallbackFolder = null, bool lean = false)
    {
        var result = await preflight.RunAsync(repositories, cancellationToken, lean);
        if (fallbackFolder is not null)
        {
            result.Add(FallbackFolderCheck.Run(fallbackFolder, result));
        }

        return Settle(result);
    }

    /// <summary>Logs the checks, throws what blocks the run, warns about the rest.</summary>
    private PreflightResult Settle(PreflightResult result)
    {
        foreach (var check in result.Checks)
        {
            logger.LogDebug("Preflight {Check}: {Status} {Detail}", check.Name, PreflightReport.Name(check.Status), check.Detail);
        }

        if (result.Blocking is { } blocking)
        {
            throw ErrorFor(blocking);
        }

        foreach (var check in result.Checks.Where(c => c.Status == PreflightStatus.Failed))
        {
            logger.LogWarning("{Detail} Going on: each file is retried, then fails or goes to the fallback folder.", Sentence(check.Detail));
        }

        if (result.NoAnswer)
        {
            // Nexus already failed to answer once: the run's first requests wait for the breaker's status probes
            // instead of each waiting out its own timeout, so a Nexus that never answers ends the run in minutes.
            breaker?.Trip(result.Checks.First(c => c.Name == "nexus").Detail);
        }

        foreach (var check in result.Checks.Where(c => c.Status == PreflightStatus.Warning))
        {
            logger.LogWarning("Preflight {Check}: {Detail}", check.Name, check.Detail);
        }

        return result;
    }

    /// <summary>The error a blocking check stops the run with: exit 3 for credentials, exit 2 for the rest.</summary>
    public static NexusPushException ErrorFor(PreflightCheck blocking) => blocking.Problem == PreflightProblem.Credentials
        ? new NexusAuthException(blocking.Detail)
        : new UsageException(Sentence(blocking.Detail));

    private static string Sentence(string text) => text.Length > 0 && char.IsLower(text[0]) ? char.ToUpperInvariant(text[0]) + text[1..] : text;
}
