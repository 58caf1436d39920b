namespace NexusPush.Nexus;

/// <summary>No bytes moved (or no answer came) for longer than the configured timeout.</summary>
internal sealed class StallTimeoutException(string message) : TimeoutException(message);
