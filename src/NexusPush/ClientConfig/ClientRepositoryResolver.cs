using NexusPush.Configuration;
using NexusPush.Formats;
using NexusPush.Nexus;

namespace NexusPush.ClientConfig;

/// <summary>
/// Finds out what client-config needs of each repository: from the "setup" declaration when it declares it, else
/// from Nexus (its format from <c>GET /v1/repositories/{name}</c>, the apt distribution and yum depth from the
/// hosted settings). Every repository is read as a client would: the apt key from <c>repository-key.gpg</c>, and
/// an anonymous probe for whether credentials are needed (docs/nexus-contract.md §10).
/// </summary>
internal sealed class ClientRepositoryResolver(NexusClient client, Uri baseUrl, SetupDeclaration declaration)
{
    /// <summary>What client-config needs of <paramref name="name"/>, every value checked (<see cref="ClientRepositoryValues"/>, <see cref="PublicKeyring"/>).</summary>
    /// <exception cref="UsageException">The repository cannot be described, or Nexus answered a value no client file may hold.</exception>
    public async Task<ClientRepository> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var declared = declaration.Repositories.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));
        var declaredAt = $"the config file's setup declaration (line {declared?.Line})";
        var format = declared?.Format ?? await FormatAsync(name, cancellationToken);
        var repository = new ClientRepository(name, format, baseUrl.ToString().TrimEnd('/') + "/repository/" + Uri.EscapeDataString(name))
        {
            Distribution = declared?.Distribution is { } distribution ? ClientRepositoryValues.Distribution(distribution, name, declaredAt) : null,
            RepodataDepth = declared?.RepodataDepth ?? 0,
            AnonymousRead = await client.AnonymousMayReadAsync(name, cancellationToken),
        };
        if (format == ArtifactFormat.Yum && declared?.RepodataDepth is null)
        {
            var settings = await HostedSettingsAsync(repository, "the yum repodata depth", cancellationToken);
            repository = repository with { RepodataDepth = ClientRepositoryValues.RepodataDepth(settings?["yum"]?["repodataDepth"], name, FromNexus("yum.repodataDepth")) ?? 0 };
        }

        if (format == ArtifactFormat.Apt)
        {
            if (repository.Distribution is null)
            {
                var settings = await HostedSettingsAsync(repository, "the apt distribution", cancellationToken);
                repository = repository with
                {
                    Distribution = ClientRepositoryValues.Distribution(settings?["apt"]?["distribution"], name, FromNexus("apt.distribution"))
                        ?? throw new UsageException($"Nexus did not say which distribution apt repository '{name}' serves; declare it under \"setup\" in the config file."),
                };
            }

            repository = repository with { PublicKey = await PublicKeyAsync(name, cancellationToken) };
        }

        return repository;
    }

    private static string FromNexus(string field) => $"Nexus's hosted settings ({field})";

    private async Task<ArtifactFormat> FormatAsync(string name, CancellationToken cancellationToken)
    {
        var info = await Read(() => client.GetRepositoryAsync(name, cancellationToken))
            ?? throw new UsageException($"Repository '{name}' does not exist on {client.Host}, or this user cannot see it.");
        return ArtifactFormats.TryParse(info.Format, out var format)
            ? format
            : throw new UsageException($"Repository '{name}' has format {ControlChars.Escape(info.Format)}; client-config knows {ArtifactFormats.AllIds}.");
    }

    private async Task<System.Text.Json.Nodes.JsonObject?> HostedSettingsAsync(ClientRepository repository, string what, CancellationToken cancellationToken)
    {
        var format = repository.Format.NexusId();
        try
        {
            return await client.GetSettingsAsync($"service/rest/v1/repositories/{format}/hosted/{Uri.EscapeDataString(repository.Name)}", repository.Name, cancellationToken);
        }
        catch (NexusRequestException e) when (e.StatusCode == 403)
        {
            throw new UsageException($"This user may not read the settings of repository '{repository.Name}' to learn {what} (needs nexus:repository-admin:{format}:{repository.Name}:read); declare the repository under \"setup\" in the config file instead.");
        }
        catch (NexusRequestException e)
        {
            throw e.AsRunError();
        }
    }

    private async Task<byte[]> PublicKeyAsync(string name, CancellationToken cancellationToken)
    {
        var key = await Read(() => client.ReadContentBytesAsync(name, "/repository-key.gpg", cancellationToken))
            ?? throw new UsageException($"Nexus serves no signing key for apt repository '{name}' (404 for repository-key.gpg); give the repository a signing key (nexus-push setup does).");
        var check = PublicKeyring.Check(key);
        return check switch
        {
            { IsPrivate: true } => throw new UsageException($"Nexus served a private key as repository-key.gpg: do not distribute it; rotate the apt signing key of repository '{name}' (nexus-push writes no client files for it)."),
            { Keyring: { } keyring } => keyring,
            _ => throw new UsageException($"Nexus answered repository-key.gpg of apt repository '{name}' with something that is not an OpenPGP public key ({check.Problem}); is a proxy in the way?"),
        };
    }

    private static async Task<T> Read<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (NexusRequestException e)
        {
            throw e.AsRunError();
        }
    }
}
