using System.Text.Json.Nodes;
using NexusPush.Configuration;
using NexusPush.Nexus;

namespace NexusPush.Setup;

internal enum SetupAction
{
    Create,
    Update,
    Unchanged,
}

/// <summary>What setup will do to one object, and why: the declared settings that differ from what Nexus holds.</summary>
internal sealed record SetupStep(ISetupTarget Target, SetupAction Action, IReadOnlyList<FieldDifference> Differences, JsonObject? Current)
{
    /// <summary>Secrets the write sends although they cannot be compared (apt signing, the S3 secret key).</summary>
    public IReadOnlyList<FieldDifference> SecretUpdates { get; init; } = [];

    /// <summary>Why the write would be refused, known before any write (a blob store that does not exist); null when none.</summary>
    public string? Problem { get; init; }
}

/// <summary>
/// Reads every declared object back from Nexus and compares it with the declaration. Read-only: <c>check</c> and
/// <c>setup --dry-run</c> stop here.
/// </summary>
internal sealed class SetupPlanner(NexusClient client, SetupSecrets secrets)
{
    /// <summary>Blob stores first: the repositories are stored in them.</summary>
    public static IReadOnlyList<ISetupTarget> Targets(SetupDeclaration declaration, string? serverVersion, SetupSecrets secrets) =>
    [
        .. declaration.BlobStores.Select(b => (ISetupTarget)new S3BlobStoreTarget(b, serverVersion, secrets)),
        .. declaration.Repositories.Select(r => (ISetupTarget)new HostedRepositoryTarget(r)),
    ];

    /// <summary>
    /// Plans every declared object, then checks what only the whole plan shows (the blob stores new repositories
    /// are stored in): everything a real run would be refused for that can be known before its first write.
    /// </summary>
    /// <exception cref="NexusPushException">A read failed or was refused, or an answer cannot be the base of a write.</exception>
    public async Task<IReadOnlyList<SetupStep>> PlanAllAsync(SetupDeclaration declaration, string? serverVersion, bool updateSecrets, CancellationToken cancellationToken)
    {
        var steps = new List<SetupStep>();
        foreach (var target in Targets(declaration, serverVersion, secrets))
        {
            try
            {
                steps.Add(await PlanAsync(target, updateSecrets, cancellationToken));
            }
            catch (NexusRequestException e)
            {
                throw SetupErrors.For(e, target, "read", secrets);
            }
        }

        return await WithBlobStoreProblemsAsync(steps, declaration, cancellationToken);
    }

    /// <exception cref="NexusRequestException">Nexus refused or failed the read (<see cref="SetupErrors"/> turns it into one sentence).</exception>
    /// <exception cref="UsageException">The name belongs to another kind of repository, or the answer is not the object's settings.</exception>
    public async Task<SetupStep> PlanAsync(ISetupTarget target, bool updateSecrets, CancellationToken cancellationToken)
    {
        var read = await client.GetSettingsAsync(target.ItemUri, target.Repository, cancellationToken);
        if (read is null)
        {
            await RejectNameTakenAsync(target, cancellationToken);
            return new SetupStep(target, SetupAction.Create, [], null);
        }

        target.CheckAnswer(read);
        var current = target.FromRead(read, secrets);
        var differences = target.Desired
            .Where(field => !field.Matches(current))
            .Select(field => field.Secret
                ? new FieldDifference(field.Path, "(secret)", "(secret)")
                : new FieldDifference(field.Path, Shown(JsonPath.Get(current, field.Path)), Shown(field.Value)))
            .ToList();
        var secretUpdates = target.SecretUpdates(updateSecrets, differences);
        var action = differences.Count > 0 || secretUpdates.Count > 0 ? SetupAction.Update : SetupAction.Unchanged;
        return new SetupStep(target, action, differences, current) { SecretUpdates = secretUpdates, Problem = BlobStoreMove(target, current) };
    }

    /// <summary>A value as a plan line shows it: what Nexus answered is escaped like a file name.</summary>
    private static string Shown(JsonNode? value) => ControlChars.Escape(JsonPath.Display(value));

    /// <summary>Nexus refuses another blob store for an existing repository (docs/nexus-contract.md §9.1), and setup never recreates one.</summary>
    private static string? BlobStoreMove(ISetupTarget target, JsonObject current) =>
        target is HostedRepositoryTarget { Declaration: var declared }
        && JsonPath.Get(current, "storage.blobStoreName") is JsonValue stored && stored.GetValue<string>() is var name
        && !string.Equals(name, declared.BlobStore, StringComparison.Ordinal)
            ? $"{target.What} (line {declared.Line}) is stored in blob store '{ControlChars.Escape(name)}'; Nexus cannot move an existing repository to another blob store ('{ControlChars.Escape(declared.BlobStore!)}'), and setup never deletes or recreates one: declare '{ControlChars.Escape(name)}', or a new repository name."
            : null;

    /// <summary>
    /// What only Nexus's list of blob stores shows, before any write: a repository to create must be stored in a blob
    /// store that is declared (so created first) or that Nexus has, and an S3 blob store to create must not take the
    /// name of one of another type (the S3 read answers 404 for it). Otherwise Nexus refuses the create after the
    /// earlier objects were written.
    /// </summary>
    public async Task<IReadOnlyList<SetupStep>> WithBlobStoreProblemsAsync(IReadOnlyList<SetupStep> steps, SetupDeclaration declaration, CancellationToken cancellationToken)
    {
        var declared = declaration.BlobStores.Select(b => b.Name).ToHashSet(StringComparer.Ordinal);
        bool Asks(SetupStep step) => step is { Action: SetupAction.Create, Problem: null }
            && (step.Target is S3BlobStoreTarget || (step.Target is HostedRepositoryTarget r && !declared.Contains(r.Declaration.BlobStore!)));
        if (!steps.Any(Asks))
        {
            return steps;
        }

        var existing = await BlobStoresAsync(steps.First(Asks), cancellationToken);
        return [.. steps.Select(step => !Asks(step) ? step : step.Target switch
        {
            HostedRepositoryTarget { Declaration: var r } when !existing.ContainsKey(r.BlobStore!) => step with
            {
                Problem = $"{step.Target.What} (line {r.Line}) is to be stored in blob store '{ControlChars.Escape(r.BlobStore!)}', which neither Nexus nor the declaration has; declare it under \"setup\": {{\"blobStores\": [...]}} or name one Nexus has.",
            },
            S3BlobStoreTarget { Declaration: var b } when existing.TryGetValue(b.Name, out var type) => step with
            {
                Problem = $"{step.Target.What} (line {b.Line}) cannot be created: Nexus already has a {ControlChars.Escape(type)} blob store of that name, and setup never deletes or renames; choose another name.",
            },
            _ => step,
        })];
    }

    /// <summary>Every blob store Nexus has, of any type, by name (<c>GET /v1/blobstores</c>, docs/nexus-contract.md §9.1).</summary>
    private async Task<Dictionary<string, string>> BlobStoresAsync(SetupStep first, CancellationToken cancellationToken)
    {
        const string uri = "service/rest/v1/blobstores";
        JsonArray? list;
        try
        {
            list = await client.GetSettingsListAsync(uri, cancellationToken);
        }
        catch (NexusRequestException e) when (e.StatusCode == 403)
        {
            throw new NexusAuthException($"setup needs nx-admin or nexus:blobstores:read to read the blob stores before it creates {first.Target.What} (Nexus answered 403).");
        }
        catch (NexusRequestException e)
        {
            throw e.Kind == NexusFailureKind.Auth ? new NexusAuthException(e.Message) : new UsageException($"Cannot read Nexus's blob stores: {ControlChars.Escape(secrets.Redact(e.Message))}");
        }

        var stores = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in list ?? [])
        {
            if (entry is not JsonObject store || store["name"] is not JsonValue name || name.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                throw new UsageException($"The answer to GET {uri} is not a list of blob stores: an entry lacks name; is a proxy in the way, or is this not Nexus (check --url)? setup writes nothing based on it.");
            }

            stores[name.GetValue<string>()] = store["type"] is JsonValue type && type.GetValueKind() == System.Text.Json.JsonValueKind.String ? type.GetValue<string>() : "(unknown type)";
        }

        return stores;
    }

    /// <summary>
    /// The format's own GET answers 404 also when the name belongs to a repository of another format or type; a
    /// create would then fail, and setup never deletes or renames, so say which repository holds the name.
    /// </summary>
    private async Task RejectNameTakenAsync(ISetupTarget target, CancellationToken cancellationToken)
    {
        if (target is HostedRepositoryTarget repository && await client.GetRepositoryAsync(repository.Declaration.Name, cancellationToken) is { } taken)
        {
            throw new UsageException($"{target.What} (line {repository.Declaration.Line}) cannot be created: Nexus already has a {ControlChars.Escape(taken.Type)} {ControlChars.Escape(taken.Format)} repository of that name, and setup never deletes or renames; choose another name or remove that repository.");
        }
    }
}

/// <summary>Nexus's refusals in setup's words: which privilege a 403 lacks, which object a 400 was about.</summary>
internal static class SetupErrors
{
    public static NexusPushException For(NexusRequestException e, ISetupTarget target, string action, SetupSecrets secrets)
    {
        var message = ControlChars.Escape(secrets.Redact(e.Message)); // Nexus's words, which a proxy or a broken server chooses
        return e.StatusCode switch
        {
            403 => new NexusAuthException($"setup needs nx-admin or {target.Privilege(action)} to {action} {target.What} (Nexus answered 403)."),
            _ when e.Kind == NexusFailureKind.Auth => new NexusAuthException(message),
            _ => new UsageException($"Cannot {action} {target.What}: {message}"),
        };
    }
}
