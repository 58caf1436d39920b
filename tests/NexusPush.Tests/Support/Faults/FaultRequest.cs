namespace NexusPush.Tests.Support.Faults;

/// <summary>One request as <see cref="KestrelNexus"/> saw it (head only; the body is read by the behaviour).</summary>
internal sealed record FaultRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string Path => Target.Split('?')[0];

    public string? Query(string name) =>
        Target.Contains('?', StringComparison.Ordinal)
            ? Target.Split('?', 2)[1].Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty)).FirstOrDefault()
            : null;

    public long ContentLength => Headers.TryGetValue("content-length", out var value) ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    public bool ExpectsContinue => Headers.TryGetValue("expect", out var value) && value.Equals("100-continue", StringComparison.OrdinalIgnoreCase);

    public bool IsUpload => Method == "POST" && Path == "/service/rest/v1/components";

    /// <summary>What happened to it, filled in by the server (for assertions): the fault applied and when it arrived.</summary>
    public FaultKind Fault { get; set; }

    public DateTimeOffset ReceivedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>1 for the first request the server saw, 2 for the next…</summary>
    public int Sequence { get; set; }
}
