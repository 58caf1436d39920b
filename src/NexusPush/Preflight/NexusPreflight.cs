using NexusPush.Formats;
using NexusPush.Nexus;

namespace NexusPush.Preflight;

/// <summary>
/// The checks behind <c>nexus-push check</c>, also run by <c>upload</c> and <c>sync-dir</c> before any work
/// (misconfiguration fails in seconds): Nexus answers (<c>/v1/status</c>, <c>/v1/status/writable</c>), what it is (<c>Server</c> header), the credentials
/// are accepted, the Community Edition EULA, and every repository the run will use exists, is hosted, has the
/// expected format and is readable (nexus-contract.md §5.3, §5.4). Read-only: it never writes to Nexus.
/// </summary>
internal sealed class NexusPreflight(NexusClient client, NexusOptions options)
{
    /// <param name="repositories">What the run writes where.</param>
    /// <param name="cancellationToken">Stops the checks.</param>
    /// <param name="lean">
    /// Only what can change what happens before an upload (<see cref="LeanUpload"/>): <c>/v1/status</c> (no answer
    /// trips the breaker at once, a refused login stops before any other request, a login page or a starting Nexus is
    /// named) and, on a Community Edition, the EULA. Writability, the repositories and read access are left out: the
    /// upload's own answers prove them.
    /// </param>
    public async Task<PreflightResult> RunAsync(IReadOnlyList<RepositoryExpectation> repositories, CancellationToken cancellationToken, bool lean = false)
    {
        var result = new PreflightResult(options.BaseUrl.ToString());
        var groups = repositories.GroupBy(r => r.Name, StringComparer.Ordinal).ToList();
        if (!await CheckStatusAsync(result, cancellationToken))
        {
            // Unreachable, or a 401 (every further request would be one more failed login: 3.96 locks the user out, nexus-contract.md §1).
            foreach (var group in groups)
            {
                result.Add(PreflightCheck.Skip($"repository {group.Key}", "not checked: see the failure above."));
            }

            return result;
        }

        // /status answered and accepted the credentials: the remaining checks are independent reads, so they go out
        // together (one round trip instead of four or more: `upload` runs this before every single artifact).
        var eula = result.Server?.IsCommunityEdition == true ? CheckEulaAsync(cancellationToken) : null;
        if (lean)
        {
            if (eula is not null)
            {
                result.Add(await eula);
            }

            result.Add(PreflightCheck.Skip("writable", LeanUpload.LeftOut));
            foreach (var group in groups)
            {
                result.Add(PreflightCheck.Skip($"repository {group.Key}", LeanUpload.LeftOut));
            }

            return result;
        }

        var writable = CheckWritableAsync(cancellationToken);
        var repositoryChecks = new RepositoryChecks(client, options);
        var checks = groups.Select(g => (Name: $"repository {g.Key}", Check: repositoryChecks.CheckAsync(g.Key, g.ToList(), cancellationToken))).ToList();

        result.Add(await writable);
        if (eula is not null)
        {
            result.Add(await eula);
        }

        // Behind a refused login or an unaccepted EULA the repository answers say nothing about the repositories.
        var blocked = result.Failures.Any(f => f.Problem is PreflightProblem.Credentials or PreflightProblem.License);
        foreach (var (name, check) in checks)
        {
            var outcome = await check;
            result.Add(blocked ? PreflightCheck.Skip(name, "not checked: see the failure above.") : outcome);
        }

        return result;
    }

    private async Task<bool> CheckStatusAsync(PreflightResult result, CancellationToken cancellationToken)
    {
        NexusProbe probe;
        try
        {
            probe = await client.ProbeAsync("service/rest/v1/status", cancellationToken);
        }
        catch (NexusRequestException e)
        {
            result.NoAnswer = e.Kind is NexusFailureKind.Timeout or NexusFailureKind.Unreachable;
            result.Add(PreflightCheck.Fail("nexus", e.Kind == NexusFailureKind.Tls ? PreflightProblem.Configuration : PreflightProblem.Unavailable, e.Message));
            result.Add(PreflightCheck.Skip("credentials", "not checked: Nexus did not answer."));
            return false;
        }

        result.Server = ServerIdentity.Parse(probe.Server);
        var what = result.Server?.ToString() ?? "no Nexus Server header (a reverse proxy may hide it)";
        switch (probe.Failure)
        {
            case null:
                result.Add(PreflightCheck.Ok("nexus", $"{options.BaseUrl} answers: {what}."));
                result.Add(CredentialsAccepted());
                return true;
            case { Kind: NexusFailureKind.Configuration } notNexus when probe.Status is >= 200 and < 300:
                // A login page or proxy portal: whatever it says about credentials or writability is not Nexus's word.
                result.Add(PreflightCheck.Fail("nexus", PreflightProblem.Configuration, notNexus.Message));
                result.Add(PreflightCheck.Skip("credentials", "not checked: what answered is not Nexus."));
                return false;
            case { Kind: NexusFailureKind.Auth } auth:
                result.Add(PreflightCheck.Ok("nexus", $"{options.BaseUrl} answers: {what}."));
                result.Add(PreflightCheck.Fail("credentials", PreflightProblem.Credentials, auth.Message));
                return false;
            case { Kind: NexusFailureKind.License or NexusFailureKind.UsageLimit } license:
                result.Add(PreflightCheck.Fail("nexus", PreflightProblem.License, license.Message));
                return false;
            case { StatusCode: 503 }:
                result.Add(PreflightCheck.Fail("nexus", PreflightProblem.Unavailable, $"Nexus at {client.Host} answers 503 Service Unavailable to /service/rest/v1/status: it is starting, stopping or unhealthy; try again later."));
                return false;
            case { IsTransient: true } transient:
                result.Add(PreflightCheck.Fail("nexus", PreflightProblem.Unavailable, transient.Message));
                return false;
            default:
                result.Add(PreflightCheck.Fail("nexus", PreflightProblem.Configuration, $"{options.BaseUrl} answered {probe.Status} to /service/rest/v1/status, so it is not the base URL of a Nexus 3 server ({what}); check --url, including any context path such as /nexus."));
                return false;
        }
    }

    private PreflightCheck CredentialsAccepted() => options.Credentials is { } credentials
        ? PreflightCheck.Ok("credentials", $"user '{credentials.Username}' accepted (password from {credentials.Source}).")
        : PreflightCheck.Warn("credentials", "none configured: anonymous access, which usually may not upload; set NEXUS_USERNAME and NEXUS_PASSWORD.");

    private async Task<PreflightCheck> CheckWritableAsync(CancellationToken cancellationToken)
    {
        try
        {
            var probe = await client.ProbeAsync("service/rest/v1/status/writable", cancellationToken);
            return probe switch
            {
                { Failure: null } => PreflightCheck.Ok("writable", "Nexus accepts writes."),
                { Status: 503 } => PreflightCheck.Fail("writable", PreflightProblem.Unavailable, $"Nexus at {client.Host} is read-only right now (503 from /service/rest/v1/status/writable: frozen for a backup, or starting); uploads will fail until it is writable again."),
                { Failure.Kind: NexusFailureKind.Auth } => PreflightCheck.Fail("writable", PreflightProblem.Credentials, probe.Failure.Message),
                _ => PreflightCheck.Warn("writable", $"cannot tell whether Nexus accepts writes ({probe.Status} from /service/rest/v1/status/writable)."),
            };
        }
        catch (NexusRequestException e)
        {
            return PreflightCheck.Fail("writable", PreflightProblem.Unavailable, e.Message);
        }
    }

    /// <summary>3.77+ Community Edition blocks repository access until the EULA is accepted (nexus-contract.md §5.4).</summary>
    private async Task<PreflightCheck> CheckEulaAsync(CancellationToken cancellationToken)
    {
        try
        {
            var eula = await client.GetRestAsync("service/rest/v1/system/eula", NexusJsonContext.Default.EulaXo, null, cancellationToken);
            return eula?.Accepted switch
            {
                true => PreflightCheck.Ok("eula", "the Community Edition EULA is accepted."),
                false => PreflightCheck.Fail("eula", PreflightProblem.License, $"Nexus at {client.Host} blocks repository access until an administrator accepts the Community Edition EULA (in the UI, or POST /service/rest/v1/system/eula)."),
                null => PreflightCheck.Skip("eula", "this Nexus does not report a EULA state."),
            };
        }
        catch (NexusRequestException e) when (e.Kind is NexusFailureKind.License or NexusFailureKind.UsageLimit)
        {
            return PreflightCheck.Fail("eula", PreflightProblem.License, e.Message);
        }
        catch (NexusRequestException)
        {
            // Reading the EULA state needs admin rights; a blocked repository shows up in the repository checks anyway.
            return PreflightCheck.Skip("eula", "this user may not read the EULA state; a blocked repository would fail below.");
        }
    }
}
