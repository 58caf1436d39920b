using System.Net.Http.Headers;
using System.Text;

namespace NexusPush.Nexus;

/// <summary>A user name and password (or user token pair). <see cref="ToString"/> never shows the password.</summary>
internal sealed record Credentials(string Username, string Password, string Source)
{
    /// <summary>Preemptive Basic auth: Nexus answers 403 instead of a 401 challenge on several REST resources (nexus-contract.md §1).</summary>
    public AuthenticationHeaderValue ToBasicHeader() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}")));

    public override string ToString() => $"{Username}:<hidden> (from {Source})";
}
