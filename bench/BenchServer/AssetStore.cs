namespace BenchServer;

/// <summary>One stored asset: only its metadata; the bytes were hashed and thrown away.</summary>
internal sealed record StoredAsset(long Id, string Repository, string Path, long Size, Checksums Checksums, DateTimeOffset Created);

/// <summary>Lower-case hex digests; null when not computed (see ServerOptions.AllChecksums).</summary>
internal sealed record Checksums(string Sha1, string? Sha256 = null, string? Md5 = null, string? Sha512 = null);

/// <summary>
/// What "Nexus" holds, in memory. Per repository in upload order, so the asset listing pages through a stable order
/// (nexus-contract.md §5.1); re-uploading a path replaces it in place (write policy ALLOW, §2.4).
/// </summary>
internal sealed class AssetStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Repository> _repositories = new(StringComparer.Ordinal);
    private long _nextId;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _repositories.Values.Sum(r => r.Assets.Count);
            }
        }
    }

    public void Put(string repository, string path, long size, Checksums checksums)
    {
        lock (_lock)
        {
            var repo = RepositoryNamed(repository);
            var asset = new StoredAsset(++_nextId, repository, path, size, checksums, DateTimeOffset.UtcNow);
            if (repo.IndexByPath.TryGetValue(path, out var index))
            {
                repo.Assets[index] = asset;
            }
            else
            {
                repo.IndexByPath[path] = repo.Assets.Count;
                repo.Assets.Add(asset);
            }
        }
    }

    public StoredAsset? Find(string repository, string path)
    {
        lock (_lock)
        {
            return _repositories.TryGetValue(repository, out var repo) && repo.IndexByPath.TryGetValue(path, out var index) ? repo.Assets[index] : null;
        }
    }

    /// <summary>Assets [offset, offset + count) of a repository, in upload order.</summary>
    public IReadOnlyList<StoredAsset> Page(string repository, int offset, int count)
    {
        lock (_lock)
        {
            if (!_repositories.TryGetValue(repository, out var repo) || offset >= repo.Assets.Count)
            {
                return [];
            }

            return repo.Assets.GetRange(offset, Math.Min(count, repo.Assets.Count - offset));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _repositories.Clear();
        }
    }

    private Repository RepositoryNamed(string name)
    {
        if (!_repositories.TryGetValue(name, out var repo))
        {
            repo = new Repository();
            _repositories[name] = repo;
        }

        return repo;
    }

    private sealed class Repository
    {
        public List<StoredAsset> Assets { get; } = [];

        public Dictionary<string, int> IndexByPath { get; } = new(StringComparer.Ordinal);
    }
}
