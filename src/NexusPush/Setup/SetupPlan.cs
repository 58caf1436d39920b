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

    /// <exception cref="NexusRequestException">Nexus refused or failed the read (<see cref="SetupErrors"/> turns it into one sentence).</exception>
    public async Task<SetupStep> PlanAsync(ISetupTarget target, bool updateSecrets, CancellationToken cancellationToken)
    {
        var read = await client.GetSettingsAsync(target.ItemUri, target.Repository, cancellationToken);
        if (read is null)
        {
            await RejectNameTakenAsync(target, cancellationToken);
            return new SetupStep(target, SetupAction.Create, [], null);
        }

        var current = target.FromRead(read, secrets);
        var differences = target.Desired
            .Where(field => !field.Matches(current))
            .Select(field => field.Secret
                ? new FieldDifference(field.Path, "(secret)", "(secret)")
                : new FieldDifference(field.Path, JsonPath.Display(JsonPath.Get(current, field.Path)), JsonPath.Display(field.Value)))
            .ToList();
        var secretUpdates = target.SecretUpdates(updateSecrets, differences);
        var action = differences.Count > 0 || secretUpdates.Count > 0 ? SetupAction.Update : SetupAction.Unchanged;
        return new SetupStep(target, action, differences, current) { SecretUpdates = secretUpdates };
    }

    /// <summary>
    /// The format's own GET answers 404 also when the name belongs to a repository of another format or type; a
    /// create would then fail, and setup never deletes or renames, so say which repository holds the name.
    /// </summary>
    private async Task RejectNameTakenAsync(ISetupTarget target, CancellationToken cancellationToken)
    {
        if (target is HostedRepositoryTarget repository && await client.GetRepositoryAsync(repository.Declaration.Name, cancellationToken) is { } taken)
        {
            throw new UsageException($"{target.What} (line {repository.Declaration.Line}) cannot be created: Nexus already has a {taken.Type} {taken.Format} repository of that name, and setup never deletes or renames; choose another name or remove that repository.");
        }
    }
}

/// <summary>Nexus's refusals in setup's words: which privilege a 403 lacks, which object a 400 was about.</summary>
internal static class SetupErrors
{
    public static NexusPushException For(NexusRequestException e, ISetupTarget target, string action, SetupSecrets secrets)
    {
        var message = secrets.Redact(e.Message);
        return e.StatusCode switch
        {
            403 => new NexusAuthException($"setup needs nx-admin or {target.Privilege(action)} to {action} {target.What} (Nexus answered 403)."),
            _ when e.Kind == NexusFailureKind.Auth => new NexusAuthException(message),
            _ => new UsageException($"Cannot {action} {target.What}: {message}"),
        };
    }
}
