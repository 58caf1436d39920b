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

    /// <summary>Edition and version as the preflight read them; null with --no-preflight or behind a proxy that hides them.</summary>
    public ServerIdentity? Server { get; private set; }

    /// <param name="settings">The verb's <see cref="OperatorSettings"/>.</param>
    /// <param name="run">The run's client, connection, fallback folder, clock and logger.</param>
    /// <param name="expectations">Every repository the run writes to, with the format it sends there (apt ones also tell --wait-index which distributions to resolve).</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    public static async Task<RunChecks> StartAsync(OperatorSettings settings, Run run, IReadOnlyList<RepositoryExpectation> expectations, CancellationToken cancellationToken)
    {
        var checks = new RunChecks();
        if (settings.Preflight)
        {
            var gate = new PreflightGate(new NexusPreflight(run.Client, run.Options), run.Logger, run.Client.Breaker);
            checks.Server = (await gate.EnsureReadyAsync(expectations, cancellationToken, run.FallbackFolder)).Server;
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
