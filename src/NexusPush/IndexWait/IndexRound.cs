using NexusPush.Formats;
using NexusPush.Nexus;

namespace NexusPush.IndexWait;

/// <summary>
/// One pass over the indexes: each index file is read at most once per pass however many packages it must show,
/// and a yum primary file already parsed in an earlier pass is reused while repomd.xml still names it.
/// </summary>
internal sealed class IndexRound(NexusClient client, IndexWaitOptions options, Dictionary<string, List<YumIndexEntry>> primaryCache)
{
    private readonly Dictionary<string, Task<List<DebianIndexEntry>?>> _packages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<List<string>?>> _releases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<string?>> _repomds = new(StringComparer.Ordinal);

    public Task<bool> ContainsAsync(IndexWaitTarget target, CancellationToken cancellationToken) =>
        target.Format == ArtifactFormat.Apt ? AptContainsAsync(target, cancellationToken) : YumContainsAsync(target, cancellationToken);

    private async Task<bool> AptContainsAsync(IndexWaitTarget target, CancellationToken cancellationToken)
    {
        var distribution = options.AptDistributions.GetValueOrDefault(target.Repository)
            ?? throw new InvalidOperationException($"No apt distribution resolved for {target.Repository}.");
        var dists = $"/dists/{distribution}/";
        var arch = target.Package.Architecture ?? "all";
        var indexes = new List<string> { $"main/binary-{arch}/Packages" };
        if (arch == "all")
        {
            // Architecture: all packages are listed in every binary-<arch>/Packages of the Release (Debian repository format).
            indexes.AddRange(await Memo(_releases, target.Repository, dists + "Release", DebianPackagesIndex.ParseReleaseAsync, cancellationToken) ?? []);
        }

        foreach (var index in indexes.Distinct(StringComparer.Ordinal))
        {
            var entries = await Memo(_packages, target.Repository, dists + index, DebianPackagesIndex.ParseAsync, cancellationToken);
            if (entries is not null && entries.Any(e => IndexMatch.Apt(e, target)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The repodata folder sits at the repository's repodata depth, which only an admin can read; so look in the RPM's
    /// own folder and each parent, deepest first (nexus-contract.md §3 yum, §10).
    /// </summary>
    private async Task<bool> YumContainsAsync(IndexWaitTarget target, CancellationToken cancellationToken)
    {
        foreach (var baseDir in IndexMatch.YumBases(target.TargetPath))
        {
            var href = await Memo(_repomds, target.Repository, baseDir + "/repodata/repomd.xml", YumRepodata.PrimaryHrefAsync, cancellationToken);
            if (string.IsNullOrEmpty(href))
            {
                continue;
            }

            var primaryPath = baseDir + "/" + href.TrimStart('/');
            var key = target.Repository + primaryPath;
            if (!primaryCache.TryGetValue(key, out var entries))
            {
                entries = await client.ReadContentAsync(target.Repository, primaryPath, YumRepodata.ParsePrimaryAsync, cancellationToken) ?? [];
                primaryCache[key] = entries;
            }

            if (entries.Any(e => IndexMatch.Yum(e, target, baseDir)))
            {
                return true;
            }
        }

        return false;
    }

    private Task<T?> Memo<T>(Dictionary<string, Task<T?>> memo, string repository, string path, Func<Stream, CancellationToken, Task<T>> parse, CancellationToken cancellationToken)
        where T : class
    {
        var key = repository + path;
        if (!memo.TryGetValue(key, out var task))
        {
            task = client.ReadContentAsync(repository, path, parse, cancellationToken);
            memo[key] = task;
        }

        return task;
    }
}
