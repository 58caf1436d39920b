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
        foreach (var target in SetupPlanner.Targets(declaration, result.Server?.Version, secrets))
        {
            var name = "setup " + target.What;
            if (blocked)
            {
                result.Add(PreflightCheck.Skip(name, "not checked: see the failure above."));
                continue;
            }

            try
            {
                var step = await planner.PlanAsync(target, updateSecrets: false, cancellationToken);
                result.Add(step.Problem is { } problem ? PreflightCheck.Fail(name, PreflightProblem.Configuration, secrets.Redact(problem)) : step.Action switch
                {
                    SetupAction.Create => PreflightCheck.Fail(name, PreflightProblem.Configuration, "absent: `nexus-push setup` creates it."),
                    SetupAction.Update => PreflightCheck.Fail(name, PreflightProblem.Configuration, secrets.Redact($"differs from the declaration: {string.Join("; ", step.Differences)}; `nexus-push setup` updates it.")),
                    _ => PreflightCheck.Ok(name, "present, as declared."),
                });
            }
            catch (NexusRequestException e) when (e.StatusCode == 403)
            {
                result.Add(PreflightCheck.Warn(name, $"not compared: this user may not read its settings (needs nx-admin or {target.Privilege("read")})."));
            }
            catch (NexusRequestException e)
            {
                result.Add(PreflightCheck.Fail(name, e.Kind == NexusFailureKind.Auth ? PreflightProblem.Credentials : PreflightProblem.Configuration, ControlChars.Escape(secrets.Redact(e.Message))));
            }
            catch (UsageException e)
            {
                result.Add(PreflightCheck.Fail(name, PreflightProblem.Configuration, secrets.Redact(e.Message)));
            }
        }
    }
}
