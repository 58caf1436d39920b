using System.Globalization;
using NexusPush.Formats;
using NexusPush.Nexus;

namespace NexusPush.Runs;

/// <summary>
/// What a compared plan would cost a Nexus with usage limits (<see cref="UsageLimits"/>): the components it adds and
/// the requests it sends. Counted before the first upload, so a migration that cannot fit stops at the start instead
/// of meeting the wall in the middle.
/// </summary>
internal sealed record UsageEstimate(ServerIdentity Server, UsageLimit Limit, int NewComponents, long ExpectedRequests)
{
    /// <value>
    /// Requests the preflight of a run sends: status, writable and the EULA state, then per repository its summary,
    /// its format's own read (which holds the write policy) and a read probe.
    /// </value>
    public static int PreflightRequests(int repositories) => 3 + (3 * repositories);

    public bool OverComponents => Limit.Components is { } limit && NewComponents > limit;

    public bool OverRequests => Limit.Requests is { } limit && ExpectedRequests > limit;

    /// <summary>
    /// Counts a compared plan. A new component is a file to upload whose target Nexus does not hold yet: one per
    /// package for apt, yum (each .deb/.rpm file is one), npm, NuGet, Helm and PyPI (a wheel and an sdist of one
    /// version share theirs), one per file for raw; skipped, failed and unrouted files add none, nor does replacing
    /// an asset Nexus already holds. Requests: the preflight, one listing page per 100 planned files of a repository
    /// compared by listing, and per upload the upload itself and a HEAD first when planning did not ask Nexus. When
    /// verifying, uploads into a repository compared by listing cost what <see cref="VerificationBatches.RequestsToVerify"/>
    /// says (whole reads of the listing, counting the files the plan found there as its assets), the others a HEAD each.
    /// </summary>
    /// <param name="server">The Nexus the preflight saw.</param>
    /// <param name="limit">Its limits.</param>
    /// <param name="plan">The compared plan.</param>
    /// <param name="verify">Whether uploads are verified.</param>
    /// <param name="checkedRepositories">Repositories the preflight read; at least those the plan names.</param>
    public static UsageEstimate Of(ServerIdentity server, UsageLimit limit, IReadOnlyCollection<PlanItem> plan, bool verify, int checkedRepositories = 0)
    {
        var components = new HashSet<string>(StringComparer.Ordinal);
        var repositories = new HashSet<string>(StringComparer.Ordinal);
        var listed = new Dictionary<string, int>(StringComparer.Ordinal);
        var present = new Dictionary<string, int>(StringComparer.Ordinal);
        var uploadsByListing = new Dictionary<string, int>(StringComparer.Ordinal);
        long perFile = 0;
        foreach (var item in plan)
        {
            if (item.Repository is null)
            {
                continue;
            }

            repositories.Add(item.Repository);
            if (item.Remote != RemoteState.Unknown)
            {
                listed[item.Repository] = listed.GetValueOrDefault(item.Repository) + 1;
                if (item.Remote == RemoteState.Present)
                {
                    present[item.Repository] = present.GetValueOrDefault(item.Repository) + 1;
                }
            }

            if (item.Action != PlanAction.Upload)
            {
                continue;
            }

            if (item.Remote == RemoteState.Unknown)
            {
                perFile += 2 + (verify ? 1 : 0); // a HEAD first, the upload, a HEAD to verify
            }
            else
            {
                perFile++;
                uploadsByListing[item.Repository] = uploadsByListing.GetValueOrDefault(item.Repository) + 1;
            }

            if (item.Remote != RemoteState.Present)
            {
                components.Add(ComponentKey(item));
            }
        }

        long listings = listed.Values.Sum(count => (count / 100) + 1);
        if (verify)
        {
            listings += uploadsByListing.Sum(pair => VerificationBatches.RequestsToVerify(pair.Value, present.GetValueOrDefault(pair.Key)));
        }

        return new UsageEstimate(server, limit, components.Count, PreflightRequests(Math.Max(repositories.Count, checkedRepositories)) + listings + perFile);
    }

    /// <summary>"Nexus 3.89.0-01 (COMMUNITY) allows 40,000 components …: this run adds N and sends about M requests."</summary>
    public string Figures()
    {
        var allowed = new List<string>();
        if (Limit.Components is { } components)
        {
            allowed.Add(Number(components) + " components in total");
        }

        if (Limit.Requests is { } requests)
        {
            allowed.Add($"{Number(requests)} requests per {Limit.RequestWindow}");
        }

        return $"{Server} allows {string.Join(" and ", allowed)}: this run adds {Number(NewComponents)} new {(NewComponents == 1 ? "component" : "components")} and sends about {Number(ExpectedRequests)} requests";
    }

    /// <summary>Why the run does not start, with the ways out.</summary>
    public string Refusal() =>
        $"{Figures()}, more than the {Number(Limit.Components ?? 0)} components the Community Edition may hold (the ones it already holds count too); "
        + "split the migration (rules in the config file, or --shard K/N over several runs, each within the limit), use a Pro licence, or pass --ignore-usage-limits to start anyway.";

    /// <summary>The warning when the requests alone pass the limit.</summary>
    public string RequestWarning() =>
        $"{Figures()}, more than the {Number(Limit.Requests ?? 0)} requests per {Limit.RequestWindow} the Community Edition allows (failed ones count too); "
        + "slice the run with --max-requests N and --journal FILE, one run a day, or use a Pro licence.";

    private static string ComponentKey(PlanItem item) => item.Format switch
    {
        // PyPI groups a version's wheels and sdist into one component; NuGet ids are case-insensitive.
        ArtifactFormat.PyPi or ArtifactFormat.NuGet or ArtifactFormat.Npm or ArtifactFormat.Helm when item.Package is { } package =>
            $"{item.Repository}\n{item.Format}\n{PackageName(item.Format, package.Name)}\n{package.Version.ToLowerInvariant()}",
        _ => $"{item.Repository}\n{item.TargetPath ?? item.DisplayPath}",
    };

    /// <summary>PyPI compares names normalised (PEP 503: runs of '-', '_', '.' are one '-'), NuGet case-insensitively.</summary>
    private static string PackageName(ArtifactFormat format, string name) => format switch
    {
        ArtifactFormat.PyPi => System.Text.RegularExpressions.Regex.Replace(name, "[-_.]+", "-").ToLowerInvariant(),
        ArtifactFormat.NuGet => name.ToLowerInvariant(),
        _ => name,
    };

    internal static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
