using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NexusPush.LocalFiles;
using NexusPush.Runs;

namespace NexusPush.Planning;

/// <summary>
/// Two local files bound for the same target (<see cref="TargetIdentity"/>: the same repository path, or one NuGet
/// identity however spelled — the same .deb copied into two directories of an old share, or two builds of one
/// version) would make the second upload fail on ALLOW_ONCE or silently replace the first on
/// ALLOW. The first one wins; a later one is skipped when its bytes are identical and fails otherwise. Only the
/// colliding files are hashed. Memory stays small: a 128-bit digest of each target plus the first file's relative
/// path and size (about 150 bytes per planned file), never the plan items themselves.
/// </summary>
internal sealed class DuplicateTargets
{
    private readonly Dictionary<UInt128, (string DisplayPath, long Length)> _first = [];

    public PlanItem Check(PlanItem item)
    {
        if (item.Action != PlanAction.Upload || TargetIdentity.Of(item) is not { } target)
        {
            return item;
        }

        var key = Key(target);
        if (_first.TryAdd(key, (item.DisplayPath, item.Length)))
        {
            return item;
        }

        var (firstPath, firstLength) = _first[key];
        return firstLength == item.Length && SameBytes(LocalPathOf(item, firstPath), item.LocalPath)
            ? item with { Action = PlanAction.Skip, Reason = $"identical to {firstPath}, which goes to the same {(item.TargetPath is null ? "package" : "path")}" }
            : item with { Action = PlanAction.Fail, Reason = $"{firstPath} already goes to {TargetIdentity.Describe(item)} with different content; route one of them elsewhere with a rule" };
    }

    private static UInt128 Key(string target)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(target), digest);
        return BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }

    /// <summary>Both items come from one scan, so the first file sits at the same root as this one.</summary>
    private static string LocalPathOf(PlanItem sibling, string displayPath)
    {
        var root = sibling.LocalPath[..^sibling.DisplayPath.Length];
        return root + displayPath.Replace('/', Path.DirectorySeparatorChar);
    }

    private static bool SameBytes(string first, string second)
    {
        try
        {
            // Planning is synchronous; a collision is rare enough that blocking on two reads is fine.
            var a = FileDigest.ComputeAsync(first, CancellationToken.None).GetAwaiter().GetResult();
            var b = FileDigest.ComputeAsync(second, CancellationToken.None).GetAwaiter().GetResult();
            return a.Sha256 == b.Sha256;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
