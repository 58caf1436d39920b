using NexusPush.Formats;
using NexusPush.Nexus;

namespace NexusPush.Preflight;

/// <summary>
/// One repository against what the run expects of it: it exists, is hosted, has the format the routing sends to
/// it, and the user can read it (GET /v1/repositories/{name} works with read or browse; HEAD on a content path
/// needs read, nexus-contract.md §4, §5.3).
/// </summary>
internal sealed class RepositoryChecks(NexusClient client, NexusOptions options)
{
    public async Task<PreflightCheck> CheckAsync(string repository, IReadOnlyList<RepositoryExpectation> expectations, CancellationToken cancellationToken)
    {
        var name = $"repository {repository}";
        var given = string.Join(", ", expectations.Select(e => e.Source).Distinct());
        RepositoryInfo? info;
        try
        {
            info = await client.GetRepositoryAsync(repository, cancellationToken);
        }
        catch (NexusRequestException e)
        {
            return Failure(name, e);
        }

        // GET /v1/repositories/{name} is 3.38+; older servers answer 404 for every name, so look in the list too.
        var visible = info is null ? await TryListAsync(cancellationToken) : null;
        info ??= visible?.FirstOrDefault(r => string.Equals(r.Name, repository, StringComparison.Ordinal));
        if (info is null)
        {
            var hint = Suggest(visible ?? [], expectations);
            return PreflightCheck.Fail(name, PreflightProblem.Configuration, $"repository '{repository}' (from {given}) does not exist on {client.Host}, or this user cannot see it{hint}.");
        }

        if (!string.Equals(info.Type, "hosted", StringComparison.OrdinalIgnoreCase))
        {
            return PreflightCheck.Fail(name, PreflightProblem.Configuration, $"repository '{repository}' (from {given}) is a {info.Type} repository; uploads need a hosted one.");
        }

        foreach (var expectation in expectations)
        {
            if (expectation.Format is { } format && !string.Equals(info.Format, format.NexusId(), StringComparison.OrdinalIgnoreCase))
            {
                var plainFiles = format == ArtifactFormat.Raw ? string.Empty : " (or pass --format raw to store them as plain files in a raw repository)";
                return PreflightCheck.Fail(name, PreflightProblem.Configuration, $"repository '{repository}' has format {info.Format}, but {expectation.Source} sends {format.NexusId()} files to it; route them to a hosted {format.NexusId()} repository{plainFiles}.");
            }
        }

        // Only for the conflict hints: one request alongside the read probe, and no verdict of its own.
        var policyRead = RecordWritePolicyAsync(repository, info.Format, cancellationToken);
        try
        {
            return await CheckReadableAsync(repository, info, cancellationToken);
        }
        finally
        {
            await policyRead;
        }
    }

    private async Task RecordWritePolicyAsync(string repository, string format, CancellationToken cancellationToken)
    {
        // A lean upload's first conflict may have read it already (WritePolicies.ReadOnFirstConflict): once is enough.
        if (!client.WritePolicies.Knows(repository) && await client.TryReadWritePolicyAsync(format, repository, cancellationToken) is { } policy)
        {
            client.WritePolicies.Record(repository, policy);
        }
    }

    private async Task<PreflightCheck> CheckReadableAsync(string repository, RepositoryInfo info, CancellationToken cancellationToken)
    {
        var name = $"repository {repository}";
        try
        {
            await client.HeadAsync(repository, NexusClient.ReadProbePath, cancellationToken);
        }
        catch (NexusRequestException e) when (e.StatusCode == 403)
        {
            // Upload needs browse + add only (nexus-contract.md §2.3); without read, stored files cannot be compared and
            // no upload can be verified, so each one fails unless --no-verify. Worth saying, not fatal.
            return PreflightCheck.Warn(name, $"hosted {info.Format}, but {User()} may not read it (HEAD answered 403): stored files cannot be compared and every upload fails its verification unless --no-verify; grant nx-repository-view-{info.Format}-{repository}-read.");
        }
        catch (NexusRequestException e) when (e.Kind == NexusFailureKind.Auth)
        {
            return PreflightCheck.Fail(name, PreflightProblem.Credentials, $"{Capitalize(User())} may not read repository '{repository}' ({e.StatusCode}); set NEXUS_USERNAME and NEXUS_PASSWORD for a user with read, add and edit on it.");
        }
        catch (NexusRequestException e)
        {
            return PreflightCheck.Warn(name, $"hosted {info.Format}; reading a path gave: {e.Message}");
        }

        var known = ArtifactFormats.TryParse(info.Format, out _);
        return known
            ? PreflightCheck.Ok(name, $"hosted {info.Format}, readable.")
            : PreflightCheck.Warn(name, $"hosted {info.Format}, readable, but nexus-push does not upload {info.Format} packages.");
    }

    private static PreflightCheck Failure(string name, NexusRequestException e) => e.Kind switch
    {
        NexusFailureKind.Auth => PreflightCheck.Fail(name, PreflightProblem.Credentials, e.Message),
        NexusFailureKind.License or NexusFailureKind.UsageLimit => PreflightCheck.Fail(name, PreflightProblem.License, e.Message),
        NexusFailureKind.Configuration or NexusFailureKind.Tls => PreflightCheck.Fail(name, PreflightProblem.Configuration, e.Message),
        _ => PreflightCheck.Fail(name, PreflightProblem.Unavailable, e.Message),
    };

    private async Task<IReadOnlyList<RepositoryInfo>?> TryListAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await client.ListRepositoriesAsync(cancellationToken);
        }
        catch (NexusRequestException)
        {
            return null; // Best effort: the check already failed; the list only adds a hint.
        }
    }

    /// <summary>"; hosted apt repositories you can see: a, b" — names to pick from, or nothing.</summary>
    private static string Suggest(IReadOnlyList<RepositoryInfo> visible, IReadOnlyList<RepositoryExpectation> expectations)
    {
        var format = expectations.Select(e => e.Format).FirstOrDefault(f => f is not null);
        var candidates = visible
            .Where(r => string.Equals(r.Type, "hosted", StringComparison.OrdinalIgnoreCase))
            .Where(r => format is null || string.Equals(r.Format, format.Value.NexusId(), StringComparison.OrdinalIgnoreCase))
            .Select(r => r.Name)
            .Order(StringComparer.Ordinal)
            .Take(10)
            .ToList();
        var what = format is null ? "hosted repositories" : $"hosted {format.Value.NexusId()} repositories";
        return candidates.Count == 0 ? string.Empty : $"; {what} you can see: {string.Join(", ", candidates)}";
    }

    private string User() => options.Credentials is null ? "anonymous access" : $"user '{options.Credentials.Username}'";

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
