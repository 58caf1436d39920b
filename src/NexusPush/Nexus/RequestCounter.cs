namespace NexusPush.Nexus;

/// <summary>What a request to Nexus was for, as the report counts it.</summary>
internal enum RequestKind
{
    /// <summary>The checks before the run: status, writable, EULA, each repository's read and HEAD probe.</summary>
    Preflight,

    /// <summary><c>GET /v1/assets</c> pages (comparison and verification) and index reads (<c>--wait-index</c>).</summary>
    Listing,

    /// <summary>HEAD of one stored path.</summary>
    Head,

    /// <summary><c>POST /v1/components</c>, retries included.</summary>
    Upload,

    /// <summary>The circuit breaker's <c>GET /v1/status</c> while Nexus does not answer.</summary>
    StatusProbe,

    /// <summary>NuGet by id and version: <c>GET /v1/search*</c> and <c>GET /v1/components</c> pages.</summary>
    Search,
}

/// <summary>
/// Every request the run's NexusClient sends, by kind, and the <c>--max-requests</c> budget. A request is counted when
/// it is about to go out (a refused or failed one counts too: the Community Edition counts failed requests, nexus-contract.md §8).
/// Uploads claim what they will need before they start (<see cref="TryReserve"/>), so what the run has promised
/// to finish (the upload and its verification) is never starved by requests that come later.
/// </summary>
internal sealed class RequestCounter
{
    private static readonly AsyncLocal<Reservation?> Current = new();
    private readonly Lock _gate = new();
    private readonly long[] _counts = new long[Enum.GetValues<RequestKind>().Length];
    private long _total;
    private long _reserved;

    /// <summary><c>--max-requests</c>: the most requests the run may send; null: no limit.</summary>
    public long? Limit { get; set; }

    public long Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    public long Count(RequestKind kind)
    {
        lock (_gate)
        {
            return _counts[(int)kind];
        }
    }

    /// <summary>
    /// Counts one request about to be sent. Within a reservation it spends that; otherwise it may only use what
    /// nobody reserved. Past the limit nothing is sent: <see cref="RequestBudgetExhaustedException"/>.
    /// </summary>
    public void Count(RequestKind kind, string what)
    {
        lock (_gate)
        {
            var reservation = Current.Value;
            if (reservation is { Left: > 0 })
            {
                reservation.Left--;
                _reserved--;
            }
            else if (Limit is { } limit && _total + _reserved >= limit)
            {
                throw new RequestBudgetExhaustedException($"not sent: {what} would pass --max-requests {limit}");
            }

            _total++;
            _counts[(int)kind]++;
        }
    }

    /// <summary>Claims <paramref name="requests"/> for the caller's async flow; false when the budget cannot cover them.</summary>
    public Reservation? TryReserve(int requests)
    {
        lock (_gate)
        {
            if (Limit is { } limit && _total + _reserved + requests > limit)
            {
                return null;
            }

            _reserved += requests;
            return new Reservation(this, requests);
        }
    }

    /// <summary>Makes <paramref name="reservation"/> the one requests of this async flow spend (until the flow ends).</summary>
    public static void Use(Reservation? reservation) => Current.Value = reservation;

    private void Release(Reservation reservation)
    {
        lock (_gate)
        {
            _reserved -= reservation.Left;
            reservation.Left = 0;
        }
    }

    /// <summary>Requests claimed for one piece of work; what it did not spend goes back when it is disposed.</summary>
    internal sealed class Reservation(RequestCounter owner, int requests) : IDisposable
    {
        public int Left { get; set; } = requests;

        /// <summary>Moves what is left of <paramref name="other"/> into this one (a verification batch collects its items' claims).</summary>
        public void Absorb(Reservation other)
        {
            lock (owner._gate)
            {
                Left += other.Left;
                other.Left = 0;
            }
        }

        /// <summary>Gives back what this holds beyond <paramref name="keep"/> requests.</summary>
        public void Trim(long keep)
        {
            lock (owner._gate)
            {
                if (Left > keep)
                {
                    owner._reserved -= Left - keep;
                    Left = (int)keep;
                }
            }
        }

        public void Dispose() => owner.Release(this);
    }
}

/// <summary>
/// A request that was not sent because it would pass <c>--max-requests</c>. Uploads and verifications turn it into a
/// deferred item; anywhere else (the preflight alone used the budget up) it stops the run with exit 6.
/// </summary>
internal sealed class RequestBudgetExhaustedException(string what) : NexusPushException(what + "; stopped at --max-requests; run again to continue, or give it more")
{
    /// <summary>"not sent: GET /service/rest/v1/assets would pass --max-requests 20".</summary>
    public string What { get; } = what;

    public override int ExitCode => ExitCodes.Deferred;
}
