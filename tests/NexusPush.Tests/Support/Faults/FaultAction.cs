namespace NexusPush.Tests.Support.Faults;

/// <summary>What <see cref="FaultServer"/> does with one request.</summary>
internal enum FaultKind
{
    /// <summary>Behave like Nexus: store uploads (204), answer HEAD/GET from what is stored.</summary>
    Normal,

    /// <summary>Read the whole upload, store it, then close the connection without answering (the answer lost after Nexus stored the file).</summary>
    StoreThenDrop,

    /// <summary>Accept the request and never answer, never read (a hung server or a dead NAT entry).</summary>
    NeverAnswer,

    /// <summary>Read half of the body, then close the connection.</summary>
    CloseMidBody,

    /// <summary>Read half of the body, then stop reading and keep the connection open (bytes stop moving).</summary>
    StallMidBody,

    /// <summary>Read <see cref="FaultAction.AfterBytes"/> of the body, run <see cref="FaultAction.MidBody"/>, then go on as <see cref="Normal"/>.</summary>
    HookMidBody,

    /// <summary>Answer with <see cref="FaultAction.Status"/> (and headers, body) without reading the body, then close.</summary>
    Answer,
}

/// <summary>One scripted behaviour; see the static members.</summary>
internal sealed record FaultAction(FaultKind Kind, int Status = 0, IReadOnlyList<KeyValuePair<string, string>>? Headers = null, string? Body = null)
{
    /// <summary>The status line's reason phrase, when not the standard one (Nexus puts messages there, nexus-contract.md §1.1).</summary>
    public string? Reason { get; init; }

    /// <summary>Send <c>Retry-After</c> as an HTTP date this far after the moment of answering.</summary>
    public TimeSpan? RetryAfterDateIn { get; init; }

    /// <summary>For <see cref="FaultKind.HookMidBody"/>: what happens while the body is arriving.</summary>
    public Func<Task>? MidBody { get; init; }

    /// <summary>For <see cref="FaultKind.HookMidBody"/>: body bytes received before <see cref="MidBody"/> runs.</summary>
    public long AfterBytes { get; init; }

    public static FaultAction Normal { get; } = new(FaultKind.Normal);

    public static FaultAction StoreThenDrop { get; } = new(FaultKind.StoreThenDrop);

    public static FaultAction NeverAnswer { get; } = new(FaultKind.NeverAnswer);

    public static FaultAction CloseMidBody { get; } = new(FaultKind.CloseMidBody);

    public static FaultAction StallMidBody { get; } = new(FaultKind.StallMidBody);

    public static FaultAction WhileReceiving(long afterBytes, Func<Task> hook) => new(FaultKind.HookMidBody) { AfterBytes = afterBytes, MidBody = hook };

    public static FaultAction Answer(int status, string? retryAfter = null, string? body = null) =>
        new(FaultKind.Answer, status, retryAfter is null ? [] : [new("Retry-After", retryAfter)], body);
}

/// <summary>A scripted behaviour for the requests that match, used <see cref="Remaining"/> times (negative: forever).</summary>
internal sealed class FaultRule(Func<FaultRequest, bool> matches, FaultAction action, int times)
{
    public Func<FaultRequest, bool> Matches { get; } = matches;

    public FaultAction Action { get; } = action;

    public int Remaining { get; set; } = times;
}
