using System.Globalization;
using Microsoft.Extensions.Logging;

namespace NexusPush.Nexus;

/// <summary>
/// The run-wide circuit breaker: when most of the recent attempts (all workers together) failed with a
/// transient error, every worker pauses instead of hammering a sick server; after the pause one probe asks
/// <c>GET /service/rest/v1/status</c> (nexus-contract.md §5.4) and work resumes when Nexus answers. When the
/// probes keep failing, Nexus is declared down for the rest of the run: remaining attempts fail at once (and go to
/// the fallback folder when there is one) instead of each item waiting through its own retries.
/// </summary>
internal sealed class RunCircuitBreaker
{
    private readonly Lock _gate = new();
    private readonly Queue<bool> _recent = new();
    private readonly CircuitBreakerSettings _settings;
    private readonly Func<CancellationToken, Task<bool>> _probe;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _host;
    private readonly string _endpoint;
    private Task? _pause;
    private ITimer? _heartbeat;
    private long _pauseStarted;
    private int _probeNumber;
    private long? _nextProbeAt;
    private int _waiting;
    private string? _downReason;
    private string? _lastCause;
    private bool _lastRefused;
    private long? _failingSince;

    /// <param name="settings">When to open and how long to wait.</param>
    /// <param name="probe">The status check.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">Where the pause, heartbeat and verdict lines go.</param>
    /// <param name="host">Nexus's host as the URL names it (with a port only when not the scheme's default).</param>
    /// <param name="endpoint">HOST:PORT the connections go to, for "connection refused by …"; <paramref name="host"/> when null.</param>
    public RunCircuitBreaker(CircuitBreakerSettings settings, Func<CancellationToken, Task<bool>> probe, TimeProvider time, ILogger logger, string host, string? endpoint = null)
    {
        _settings = settings;
        _probe = probe;
        _time = time;
        _logger = logger;
        _host = host;
        _endpoint = endpoint ?? host;
    }

    /// <summary>True once the probes gave up: attempts fail at once and are not retried.</summary>
    public bool IsDown
    {
        get
        {
            lock (_gate)
            {
                return _downReason is not null;
            }
        }
    }

    /// <summary>
    /// While the circuit is open, a line at least this often: a paused run prints nothing else, and CI watchdogs end a
    /// step that stays silent (Buildbot after 1,200 s), besides the person watching wondering whether it hangs.
    /// </summary>
    internal static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>How many times the breaker opened (for tests and the log).</summary>
    public int Openings { get; private set; }

    /// <summary>Waits while the circuit is open; throws when Nexus was declared down.</summary>
    public async ValueTask BeforeAttemptAsync(CancellationToken cancellationToken)
    {
        Task? pause;
        lock (_gate)
        {
            ThrowIfDown();
            pause = _pause;
        }

        if (pause is not null)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await pause.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }

            lock (_gate)
            {
                ThrowIfDown();
            }
        }
    }

    /// <summary>A timestamp on the breaker's clock, for <see cref="Record"/>'s <c>startedAt</c>.</summary>
    public long Now => _time.GetTimestamp();

    /// <summary>Counts one finished attempt: null or a non-transient error is a healthy answer.</summary>
    /// <param name="failure">How the attempt ended.</param>
    /// <param name="startedAt">When it began (<see cref="Now"/>); the patience counts from the first attempt that got no answer.</param>
    public void Record(Exception? failure, long? startedAt = null)
    {
        var failed = failure is NexusRequestException { IsTransient: true };
        lock (_gate)
        {
            if (_pause is not null || _downReason is not null)
            {
                return; // attempts started before the pause tell nothing new
            }

            if (failed)
            {
                _lastCause = failure!.Message;
                _lastRefused = TransportErrors.IsConnectionRefused(failure);
                _failingSince ??= startedAt ?? _time.GetTimestamp();
            }
            else
            {
                _failingSince = null;
            }

            _recent.Enqueue(failed);
            while (_recent.Count > _settings.Window)
            {
                _recent.Dequeue();
            }

            var failures = _recent.Count(f => f);
            if (_recent.Count >= _settings.MinimumAttempts && failures >= _settings.FailureRatio * _recent.Count)
            {
                Openings++;
                _logger.LogWarning("{Failures} of the last {Attempts} requests to Nexus failed{Refused}; pausing all uploads, then checking {Host}/service/rest/v1/status", failures, _recent.Count, RefusedHint(), _host);
                Open();
            }
        }
    }

    /// <summary>
    /// Opens the circuit before any attempt failed, because the preflight found Nexus not answering: the first
    /// requests wait for a probe instead of each waiting out its own timeout first.
    /// </summary>
    /// <param name="cause">What the preflight got, one sentence: it ends up in each file's reason if Nexus stays down.</param>
    public void Trip(string cause)
    {
        lock (_gate)
        {
            if (_pause is not null || _downReason is not null)
            {
                return;
            }

            Openings++;
            _lastCause = cause;
            _logger.LogWarning("Nexus at {Host} did not answer the preflight; holding all requests until {Host}/service/rest/v1/status answers", _host, _host);
            Open();
        }
    }

    /// <summary>Pauses every attempt (called under the lock); the heartbeat starts with the pause, before its task runs.</summary>
    private void Open()
    {
        // Nexus has not answered since the first of the failed attempts began (a run-long black hole: each of them
        // waited out its timeout), or since now when the preflight tripped the breaker.
        _pauseStarted = _failingSince ?? _time.GetTimestamp();
        _probeNumber = 1;
        _nextProbeAt = null;
        _heartbeat = _time.CreateTimer(_ => Heartbeat(), null, HeartbeatInterval, HeartbeatInterval);
        _pause = Task.Run(PauseAndProbeAsync, CancellationToken.None);
    }

    /// <summary>One line saying what the paused run waits for: "Nexus unreachable for 45 s: status check 3 of 5 in 16 s; 4 requests waiting; giving up in 75 s".</summary>
    private void Heartbeat()
    {
        string status;
        lock (_gate)
        {
            if (_pause is null)
            {
                return;
            }

            var elapsed = _time.GetElapsedTime(_pauseStarted);
            var left = _settings.Patience - elapsed;
            var check = _nextProbeAt is { } next
                ? string.Create(CultureInfo.InvariantCulture, $"status check {_probeNumber} of {_settings.MaxProbes} in {Math.Max(0, (next - _time.GetTimestamp()) / (double)_time.TimestampFrequency):0} s")
                : string.Create(CultureInfo.InvariantCulture, $"status check {_probeNumber} of {_settings.MaxProbes} under way");
            var waiting = Volatile.Read(ref _waiting);
            status = string.Create(
                CultureInfo.InvariantCulture,
                $"Nexus at {_host} unreachable for {elapsed.TotalSeconds:0} s{RefusedHint()}: {check}; {waiting} {(waiting == 1 ? "request" : "requests")} waiting; giving up in {Math.Max(0, left.TotalSeconds):0} s");
        }

        _logger.LogWarning("{Status}", status);
    }

    /// <summary>
    /// When the attempts were refused (called under the lock): a mistyped port waits out the whole patience here, where
    /// <c>check</c> fails at once — so say so in every waiting line.
    /// </summary>
    private string RefusedHint() =>
        _lastRefused ? $" (connection refused by {_endpoint} — if the URL is wrong, `nexus-push check` tells at once)" : string.Empty;

    private async Task PauseAndProbeAsync()
    {
        var delay = _settings.FirstPause;
        long started;
        lock (_gate)
        {
            started = _pauseStarted;
        }

        var lastProbe = TimeSpan.Zero;
        var probes = 0;
        for (var probe = 1; probe <= _settings.MaxProbes; probe++)
        {
            // The next probe must be over within the patience, assuming it takes as long as the last one (a probe
            // against a Nexus that never answers takes its whole timeout).
            var left = _settings.Patience - _time.GetElapsedTime(started) - lastProbe;
            if (probe > 1 && left <= TimeSpan.Zero)
            {
                break;
            }

            var wait = probe == 1 || delay < left ? delay : left;
            lock (_gate)
            {
                _probeNumber = probe;
                _nextProbeAt = _time.GetTimestamp() + (long)(wait.TotalSeconds * _time.TimestampFrequency);
            }

            await Task.Delay(wait, _time);
            var probeStarted = _time.GetTimestamp();
            lock (_gate)
            {
                _nextProbeAt = null;
            }

            probes++;
            if (await _probe(CancellationToken.None))
            {
                _logger.LogInformation("Nexus at {Host} answers again; resuming", _host);
                lock (_gate)
                {
                    _recent.Clear();
                    _failingSince = null;
                    _pause = null;
                    StopHeartbeat();
                }

                return;
            }

            lastProbe = _time.GetElapsedTime(probeStarted);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _settings.MaxPause.Ticks));
        }

        lock (_gate)
        {
            _downReason = $"Nexus unreachable: {_host} stayed unreachable through {probes} status check{(probes == 1 ? string.Empty : "s")} over {_time.GetElapsedTime(started).TotalSeconds:0} s; the remaining files were not tried. Last error: {_lastCause ?? "none"}";
            _pause = null;
            StopHeartbeat();
        }

        _logger.LogError("{Reason}", _downReason);
    }

    private void StopHeartbeat()
    {
        _heartbeat?.Dispose();
        _heartbeat = null;
    }

    private void ThrowIfDown()
    {
        if (_downReason is not null)
        {
            throw new NexusRequestException(NexusFailureKind.Unreachable, _downReason) { RunWideCause = $"Nexus at {_host} unreachable" };
        }
    }
}
