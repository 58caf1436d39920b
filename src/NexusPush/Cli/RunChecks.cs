using Microsoft.Extensions.Logging;
using NexusPush.IndexWait;
using NexusPush.Nexus;
using NexusPush.Preflight;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>
/// What an uploading verb does around its executor: the preflight before any work (unless
/// <c>--no-preflight</c>) and, with <c>--wait-index</c>, the wait for the apt/yum indexes after it. A verb calls
/// <see cref="StartAsync"/> once its plan exists, runs the executor with <see cref="Wrap"/>ped reports, then
/// <see cref="FinishAsync"/> before computing the exit code.
/// </summary>
internal sealed class RunChecks
{
    private IndexWaitObserver? _observer;
    private IndexWaiter? _waiter;
    private Func<CancellationToken, Task<PreflightResult>>? _deferredPreflight;
    private ILogger? _logger;

    /// <summary>Edition and version as the preflight read them; null with --no-preflight or behind a proxy that hides them.</summary>
    public ServerIdentity? Server { get; private set; }

    /// <param name="settings">The verb's <see cref="OperatorSettings"/>.</param>
    /// <param name="run">The run's client, connection, fallback folder, clock and logger.</param>
    /// <param name="expectations">Every repository the run writes to, with the format it sends there (apt ones also tell --wait-index which distributions to resolve).</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <param name="lean">
    /// The lean path of <see cref="LeanUpload"/>: the preflight's requests are left out, since the upload's own
    /// answers prove what they would; <see cref="ExplainFailuresAsync"/> runs them only when something failed.
    /// </param>
    public static async Task<RunChecks> StartAsync(OperatorSettings settings, Run run, IReadOnlyList<RepositoryExpectation> expectations, CancellationToken cancellationToken, bool lean = false)
    {
        var checks = new RunChecks();
        if (settings.Preflight)
        {
            var gate = new PreflightGate(new NexusPreflight(run.Client, run.Options), run.Logger, run.Client.Breaker);
            checks.Server = (await gate.EnsureReadyAsync(expectations, cancellationToken, run.FallbackFolder, lean)).Server;
            if (lean)
            {
                var preflight = new NexusPreflight(run.Client, run.Options);
                checks._deferredPreflight = token => preflight.RunAsync(expectations, token);
                checks._logger = run.Logger;
                run.Client.WritePolicies.ReadOnFirstConflict = true; // the hint the left-out repository check would have given
                run.Logger.LogDebug("{Reason}", LeanUpload.WhyRequests);
            }
        }

        if (settings.WaitIndex is { } timeout)
        {
            var waitOptions = new IndexWaitOptions
            {
                Timeout = timeout,
                Interval = settings.WaitIndexInterval,
                AptDistributions = await ResolveDistributionsAsync(run.Client, AptRepositories(expectations), settings.AptDistribution, cancellationToken),
            };
            checks._waiter = new IndexWaiter(run.Client, waitOptions, run.Time, run.Logger);
        }

        return checks;
    }

    /// <summary>The executor's observer: the reports themselves, or a wrapper that holds .deb/.rpm results until indexed.</summary>
    public IRunObserver Wrap(IRunObserver reports)
    {
        if (_waiter is null)
        {
            return reports;
        }

        _observer = new IndexWaitObserver(reports);
        return _observer;
    }

    /// <summary>
    /// After a lean run in which something failed: the preflight that was left out, so a missing repository, a
    /// non-hosted one or one of the wrong format ends the run with the very sentence and exit code it gives before
    /// a thorough run (<see cref="RunSummary.FatalError"/>). Refused credentials are not asked again: the upload's
    /// 401 or 403 already said it in the same words, and one more failed login can lock the user out.
    /// </summary>
    public async Task ExplainFailuresAsync(RunSummary summary, CancellationToken cancellationToken)
    {
        if (_deferredPreflight is null || summary.Count(ItemAction.Failed) == 0 || summary.FatalError is NexusAuthException || summary.Cancelled)
        {
            return;
        }

        _logger?.LogDebug("Something failed: the preflight that was left out runs now to say why.");
        var result = await _deferredPreflight(cancellationToken);
        Server = result.Server;
        foreach (var check in result.Checks)
        {
            _logger?.LogDebug("Preflight {Check}: {Status} {Detail}", check.Name, PreflightReport.Name(check.Status), check.Detail);
        }

        if (result.Blocking is { } blocking)
        {
            summary.FatalError = PreflightGate.ErrorFor(blocking);
        }
    }

    public Task FinishAsync(CancellationToken cancellationToken) =>
        _observer is null || _waiter is null ? Task.CompletedTask : _observer.CompleteAsync(_waiter.WaitAsync, cancellationToken);

    private static IEnumerable<string> AptRepositories(IReadOnlyList<RepositoryExpectation> expectations) =>
        expectations.Where(e => e.Format == Formats.ArtifactFormat.Apt).Select(e => e.Name).Distinct(StringComparer.Ordinal);

    private static async Task<IReadOnlyDictionary<string, string>> ResolveDistributionsAsync(NexusClient client, IEnumerable<string> aptRepositories, string? flag, CancellationToken cancellationToken)
    {
        try
        {
            return await AptDistributions.ResolveAsync(client, aptRepositories, flag, cancellationToken);
        }
        catch (NexusRequestException e)
        {
            throw e.AsRunError();
        }
    }

    /// <summary>What the checks use of the run: its one client (and its breaker), the connection, --fallback-dir, the clock and the logger.</summary>
    internal sealed record Run(NexusClient Client, NexusOptions Options, string? FallbackFolder, TimeProvider Time, ILogger Logger);
}
