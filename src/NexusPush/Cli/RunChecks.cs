using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NexusPush.IndexWait;
using NexusPush.Nexus;
using NexusPush.Preflight;
using NexusPush.Reporting;

namespace NexusPush.Cli;

/// <summary>
/// What an uploading verb does around its executor (issue 7): the preflight before any work (unless
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

    /// <param name="options">The verb's <see cref="OperatorOptions"/>.</param>
    /// <param name="parse">The verb's parse result.</param>
    /// <param name="services">The run's services (its NexusClient and options).</param>
    /// <param name="expectations">Every repository the run writes to, with the format it sends there (apt ones also tell --wait-index which distributions to resolve).</param>
    /// <param name="time">The run's clock.</param>
    /// <param name="logger">The run's logger.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    public static async Task<RunChecks> StartAsync(OperatorOptions options, ParseResult parse, IServiceProvider services, IReadOnlyList<RepositoryExpectation> expectations, TimeProvider? time, ILogger logger, CancellationToken cancellationToken)
    {
        var checks = new RunChecks();
        if (!parse.GetValue(options.NoPreflight))
        {
            // --fallback-dir is one of the shared transfer options (GlobalOptions), not of OperatorOptions: read it by name.
            var fallbackFolder = parse.GetValue<string?>("--fallback-dir") is { Length: > 0 } folder ? folder : null;
            checks.Server = (await PreflightGate.For(services, logger).EnsureReadyAsync(expectations, cancellationToken, fallbackFolder)).Server;
        }

        if (parse.GetValue(options.WaitIndex) is { } timeout)
        {
            var client = services.GetRequiredService<NexusClient>();
            var waitOptions = new IndexWaitOptions
            {
                Timeout = timeout,
                Interval = parse.GetValue(options.WaitIndexInterval),
                AptDistributions = await ResolveDistributionsAsync(client, AptRepositories(expectations), parse.GetValue(options.AptDistribution), cancellationToken),
            };
            checks._waiter = new IndexWaiter(client, waitOptions, time ?? TimeProvider.System, logger);
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
}
