using NexusPush.Configuration;
using NexusPush.Nexus;
using NexusPush.Preflight;

namespace NexusPush.Setup;

/// <summary>
/// <c>check</c>'s lines for the "setup" declaration: each declared object is read back and compared as
/// <c>setup --dry-run</c> would (read-only). Absent or different is a configuration failure that says what
/// <c>nexus-push setup</c> would do; a user who may not read the settings gets a warning, not a failure.
/// </summary>
internal static class SetupChecks
{
    public static async Task AddAsync(PreflightResult result, SetupDeclaration declaration, NexusClient client, ProcessEnvironment environment, CancellationToken cancellationToken)
    {
        if (declaration.IsEmpty)
        {
            return;
        }

        var blocked = result.Failures.Any(f => f.Problem is PreflightProblem.Credentials or PreflightProblem.License or PreflightProblem.Unavailable);
        var secrets = new SetupSecrets(environment);
        var planner = new SetupPlanner(client, secrets);
        var lines = new List<(string Name, SetupStep? Step, PreflightCheck? Check)>();
        foreach (var target in SetupPlanner.Targets(declaration, result.Server?.Version, secrets))
        {
            var name = "setup " + target.What;
            if (blocked)
            {
                lines.Add((name, null, PreflightCheck.Skip(name, "not checked: see the failure above.")));
                continue;
            }

            try
            {
                lines.Add((name, await planner.PlanAsync(target, updateSecrets: false, cancellationToken), null));
            }
            catch (NexusRequestException e) when (e.StatusCode == 403)
            {
                lines.Add((name, null, PreflightCheck.Warn(name, $"not compared: this user may not read its settings (needs nx-admin or {target.Privilege("read")}).")));
            }
            catch (NexusRequestException e)
            {
                lines.Add((name, null, PreflightCheck.Fail(name, e.Kind == NexusFailureKind.Auth ? PreflightProblem.Credentials : PreflightProblem.Configuration, ControlChars.Escape(secrets.Redact(e.Message)))));
            }
            catch (UsageException e)
            {
                lines.Add((name, null, PreflightCheck.Fail(name, PreflightProblem.Configuration, secrets.Redact(e.Message))));
            }
        }

        // What only the whole plan shows (blob stores that exist), as the dry run checks it.
        var planned = lines.Where(l => l.Step is not null).Select(l => l.Step!).ToList();
        IReadOnlyList<SetupStep> steps = planned;
        PreflightCheck? blobStores = null;
        try
        {
            steps = await planner.WithBlobStoreProblemsAsync(planned, declaration, cancellationToken);
        }
        catch (NexusPushException e)
        {
            blobStores = PreflightCheck.Warn("setup blob stores", $"not compared: {ControlChars.Escape(secrets.Redact(e.Message))}");
        }

        var byTarget = steps.ToDictionary(s => s.Target);
        foreach (var (name, step, check) in lines)
        {
            result.Add(check ?? Line(name, byTarget[step!.Target], secrets));
        }

        if (blobStores is not null)
        {
            result.Add(blobStores);
        }
    }

    private static PreflightCheck Line(string name, SetupStep step, SetupSecrets secrets) =>
        step.Problem is { } problem ? PreflightCheck.Fail(name, PreflightProblem.Configuration, secrets.Redact(problem)) : step.Action switch
        {
            SetupAction.Create => PreflightCheck.Fail(name, PreflightProblem.Configuration, "absent: `nexus-push setup` creates it."),
            SetupAction.Update => PreflightCheck.Fail(name, PreflightProblem.Configuration, secrets.Redact($"differs from the declaration: {string.Join("; ", step.Differences)}; `nexus-push setup` updates it.")),
            _ => PreflightCheck.Ok(name, "present, as declared."),
        };
}
