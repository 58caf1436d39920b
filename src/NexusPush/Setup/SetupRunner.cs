using NexusPush.Configuration;
using NexusPush.Nexus;

namespace NexusPush.Setup;

/// <summary>
/// <c>nexus-push setup</c>: for each declared object, read it back, then create it, update only the declared
/// settings that differ (a read-modify-write of what Nexus returned), or leave it alone. Never deletes, never renames.
/// A dry run prints the same lines and sends no write.
/// </summary>
internal sealed class SetupRunner(NexusClient client, SetupSecrets secrets, TextWriter output)
{
    public async Task<SetupCounts> RunAsync(SetupDeclaration declaration, string? serverVersion, bool dryRun, bool updateSecrets, CancellationToken cancellationToken)
    {
        var planner = new SetupPlanner(client, secrets);
        var counts = new SetupCounts();
        string? firstProblem = null;
        foreach (var target in SetupPlanner.Targets(declaration, serverVersion, secrets))
        {
            SetupStep step;
            try
            {
                step = await planner.PlanAsync(target, updateSecrets, cancellationToken);
            }
            catch (NexusRequestException e)
            {
                throw SetupErrors.For(e, target, "read", secrets);
            }

            var problem = dryRun ? WouldFail(step, updateSecrets) : null;
            if (!dryRun)
            {
                await ApplyAsync(step, updateSecrets, cancellationToken);
            }

            counts.Add(step.Action);
            output.WriteLine(secrets.Redact(Describe(step, dryRun) + (problem is null ? string.Empty : $" — would fail: {problem}")));
            firstProblem ??= problem;
        }

        // A dry run that foresees a failure says so with the exit code too, so CI can run it as a gate.
        return firstProblem is null ? counts : throw new UsageException(secrets.Redact($"The dry run found a problem: {firstProblem}"));
    }

    /// <summary>Builds the body a real run would send (reading the secrets it needs) without sending it: what is missing shows up now.</summary>
    private string? WouldFail(SetupStep step, bool updateSecrets)
    {
        try
        {
            _ = step.Action switch
            {
                SetupAction.Create => step.Target.CreateBody(secrets),
                SetupAction.Update => step.Target.UpdateBody(step.Current!, secrets, updateSecrets, step.Differences),
                _ => null,
            };
            return null;
        }
        catch (UsageException e)
        {
            return e.Message;
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

    private async Task ApplyAsync(SetupStep step, bool updateSecrets, CancellationToken cancellationToken)
    {
        var target = step.Target;
        switch (step.Action)
        {
            case SetupAction.Create:
                var body = target.CreateBody(secrets);
                await SendAsync(target, "create", HttpMethod.Post, target.CreateUri, body, cancellationToken);
                break;
            case SetupAction.Update:
                var update = target.UpdateBody(step.Current!, secrets, updateSecrets, step.Differences);
                await SendAsync(target, "update", HttpMethod.Put, target.ItemUri, update, cancellationToken);
                break;
        }
    }

    private async Task SendAsync(ISetupTarget target, string action, HttpMethod method, string uri, System.Text.Json.Nodes.JsonObject body, CancellationToken cancellationToken)
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
