
namespace NexusPush;

/// <summary>
/// An error that stops the whole run. It carries its exit code and a message written for the operator: one
/// sentence that says what is wrong and what to do. Per-item problems are results, not exceptions.
/// </summary>
internal abstract class NexusPushException(string message, Exception? inner = null) : Exception(message, inner)
{
    public abstract int ExitCode { get; }
}

/// <summary>Bad arguments or configuration (exit 2).</summary>
internal sealed class UsageException(string message, Exception? inner = null) : NexusPushException(message, inner)
{
    public override int ExitCode => ExitCodes.Usage;
}

/// <summary>Nexus refused the credentials or the permissions (exit 3). Never retried: Nexus 3.96 locks a user name out after repeated failures (nexus-contract.md §1).</summary>
internal sealed class NexusAuthException(string message) : NexusPushException(message)
{
    public override int ExitCode => ExitCodes.AuthRefused;
}
