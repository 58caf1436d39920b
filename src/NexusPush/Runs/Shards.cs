using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NexusPush.Runs;

/// <summary>
/// <c>--shard K/N</c>: the part of a tree one of N workers takes, without a coordinator. A file belongs to shard
/// <c>1 + (h mod N)</c>, h the first 8 bytes of the SHA-256 of its target (<see cref="TargetIdentity"/>: repository
/// and stored path; repository, id and normalised version for a package whose path Nexus chooses, such as NuGet; the
/// relative path for a file with no target, such as an unrouted one). The hash is stable across machines and runs (unlike string.GetHashCode), so
/// the N shards cover every file exactly once, and files that land on one target always fall into one shard.
/// </summary>
internal sealed record Shard(int Index, int Count)
{
    /// <summary>Parses "K/N" (1 ≤ K ≤ N); null and a sentence when it is not one.</summary>
    public static Shard? Parse(string text, out string? problem)
    {
        problem = null;
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }

        problem = $"--shard '{text}' is not K/N with 1 ≤ K ≤ N (for example --shard 2/4: the second of four workers).";
        return null;
    }

    public bool Contains(PlanItem item) => Of(Key(item), Count) == Index;

    /// <summary>The shard (1..count) a key falls into.</summary>
    internal static int Of(string key, int count)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count) + 1;
    }

    /// <summary>What identifies the file's target on Nexus (<see cref="TargetIdentity"/>), so files bound for one target share a shard.</summary>
    internal static string Key(PlanItem item) => TargetIdentity.Of(item) ?? item.DisplayPath;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
