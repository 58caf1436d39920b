using NexusPush.Nexus;

namespace NexusPush.IndexWait;

/// <summary>
/// Which distribution's index to read for each apt repository a run writes to: <c>--apt-distribution</c>, else the
/// repository's <c>apt.distribution</c> setting (<c>GET /v1/repositories/apt/hosted/{name}</c>, which needs admin read,
/// nexus-contract.md §5.3). Resolved before any upload, so an unknown distribution is a configuration error up front.
/// </summary>
internal static class AptDistributions
{
    public static async Task<Dictionary<string, string>> ResolveAsync(NexusClient client, IEnumerable<string> aptRepositories, string? flag, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var repository in aptRepositories)
        {
            if (!string.IsNullOrWhiteSpace(flag))
            {
                result[repository] = flag.Trim();
                continue;
            }

            string? distribution = null;
            string? why = null;
            try
            {
                var settings = await client.GetRestAsync("service/rest/v1/repositories/apt/hosted/" + Uri.EscapeDataString(repository), NexusJsonContext.Default.HostedSettingsXo, repository, cancellationToken);
                distribution = settings?.Apt?.Distribution;
            }
            catch (NexusRequestException e) when (e.Kind is NexusFailureKind.Auth or NexusFailureKind.Configuration)
            {
                why = $" (reading its settings needs admin read: {e.StatusCode})";
            }

            result[repository] = string.IsNullOrWhiteSpace(distribution)
                ? throw new UsageException($"--wait-index needs the distribution of apt repository '{repository}'{why ?? string.Empty}; pass --apt-distribution, e.g. --apt-distribution bookworm.")
                : distribution;
        }

        return result;
    }
}
