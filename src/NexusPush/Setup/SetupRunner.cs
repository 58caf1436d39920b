using System.Text.Json.Nodes;
using NexusPush.Configuration;
using NexusPush.Nexus;

namespace NexusPush.Setup;

/// <summary>
/// <c>nexus-push setup</c>: read every declared object back, check everything a write could be refused for that is
/// knowable now (names, blob stores, formats, secrets, Nexus's answers), and only then create each object, update
/// only the declared settings that differ (a read-modify-write of what Nexus returned), or leave it alone. Never
/// deletes, never renames, never stops half-way for a reason it could have seen first. A dry run stops before the
/// writes, prints the same lines, and refuses (exit 2) whatever the real run would refuse.
/// </summary>
internal sealed class SetupRunner(NexusClient client, SetupSecrets secrets, TextWriter output)
{
    public async Task<SetupCounts> RunAsync(SetupDeclaration declaration, string? serverVersion, bool dryRun, bool updateSecrets, CancellationToken cancellationToken)
    {
        var steps = await new SetupPlanner(client, secrets).PlanAllAsync(declaration, serverVersion, updateSecrets, cancellationToken);

        // Every body is built (its secrets read) before the first write: a missing variable or key file shows up now.
        var prepared = steps.Select(step => Prepare(step, updateSecrets)).ToList();
        var problems = prepared.Where(p => p.Problem is not null).Select(p => p.Problem!).ToList();
        var counts = new SetupCounts();
        if (dryRun)
        {
            foreach (var (step, _, problem) in prepared)
            {
                counts.Add(step.Action);
                output.WriteLine(secrets.Redact(Describe(step, dryRun) + (problem is null ? string.Empty : $" — would fail: {problem}")));
            }

            // A dry run that foresees a failure says so with the exit code too, so CI can run it as a gate.
            return problems.Count == 0 ? counts : throw new UsageException(secrets.Redact($"The dry run found a problem: {problems[0]}"));
        }

        if (problems.Count > 0)
        {
            var more = problems.Count == 1 ? string.Empty : $"; `nexus-push setup --dry-run` lists all {problems.Count} problems";
            throw new UsageException(secrets.Redact($"{problems[0]} Nothing was sent to Nexus{more}."));
        }

        foreach (var (step, body, _) in prepared)
        {
            await ApplyAsync(step, body, cancellationToken);
            counts.Add(step.Action);
            output.WriteLine(secrets.Redact(Describe(step, dryRun)));
        }

        return counts;
    }

    /// <summary>The body a write would send (null when nothing changes), or why it cannot be sent.</summary>
    private (SetupStep Step, JsonObject? Body, string? Problem) Prepare(SetupStep step, bool updateSecrets)
    {
        if (step.Problem is { } known)
        {
            return (step, null, known);
        }

        try
        {
            var body = step.Action switch
            {
                SetupAction.Create => step.Target.CreateBody(secrets),
                SetupAction.Update => step.Target.UpdateBody(step.Current!, secrets, updateSecrets, step.Differences),
                _ => null,
            };
            return (step, body, null);
        }
        catch (UsageException e)
        {
            return (step, null, e.Message);
        }
    }

    /// <summary>One plan line: <c>create blob store s3</c>, <c>update repository apt: storage.writePolicy ALLOW → ALLOW_ONCE</c>, <c>unchanged …</c>.</summary>
    internal static string Describe(SetupStep step, bool dryRun)
    {
        var verb = (step.Action, dryRun) switch
        {
            (SetupAction.Create, true) => "create",
            (SetupAction.Create, false) => "created",
            (SetupAction.Update, true) => "update",
            (SetupAction.Update, false) => "updated",
            _ => "unchanged",
        };
        var changes = step.Differences.Concat(step.SecretUpdates).ToList();
        var detail = changes.Count > 0 ? ": " + string.Join("; ", changes) : string.Empty;
        var note = step.Target.Note is { } text ? $" ({text})" : string.Empty;
        return $"{verb,-9} {step.Target.What}{detail}{note}";
    }

    private async Task ApplyAsync(SetupStep step, JsonObject? body, CancellationToken cancellationToken)
    {
        var target = step.Target;
        switch (step.Action)
        {
            case SetupAction.Create:
                await SendAsync(target, "create", HttpMethod.Post, target.CreateUri, body!, cancellationToken);
                break;
            case SetupAction.Update:
                await SendAsync(target, "update", HttpMethod.Put, target.ItemUri, body!, cancellationToken);
                break;
        }
    }

    private async Task SendAsync(ISetupTarget target, string action, HttpMethod method, string uri, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            await client.SendSettingsAsync(method, uri, body, target.Repository, cancellationToken);
        }
        catch (NexusRequestException e)
        {
            throw SetupErrors.For(e, target, action, secrets);
        }
    }
}

/// <summary>How many objects were (or, in a dry run, would be) created, updated or left alone.</summary>
internal sealed class SetupCounts
{
    public int Created { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public void Add(SetupAction action)
    {
        switch (action)
        {
            case SetupAction.Create:
                Created++;
                break;
            case SetupAction.Update:
                Updated++;
                break;
            default:
                Unchanged++;
                break;
        }
    }
}
