using NexusPush.LocalFiles;

namespace NexusPush.Nexus;

/// <summary>An asset Nexus already stores: its path (always with a leading '/') and what is known of its bytes.</summary>
internal sealed record RemoteAsset(string Path, string? Sha1, string? Sha256 = null, long? Size = null);

/// <summary>A repository as <c>GET /service/rest/v1/repositories/{name}</c> describes it (nexus-contract.md §5.3).</summary>
internal sealed record RepositoryInfo(string Name, string Format, string Type, string? Url);

/// <summary>What a successful upload cost and what was sent.</summary>
/// <param name="Attempts">Requests made, retries included.</param>
/// <param name="Digest">Hashes of the bytes that went out (computed while streaming).</param>
/// <param name="FoundAfterFailedAttempt">An attempt failed after sending the whole body, and HEAD then showed Nexus had stored it (nexus-contract.md §2.5).</param>
internal sealed record UploadReceipt(int Attempts, FileDigest Digest, bool FoundAfterFailedAttempt);

/// <summary>One component upload: a single file (one asset per request, nexus-contract.md §2.5).</summary>
/// <param name="Repository">The repository to upload into.</param>
/// <param name="LocalPath">The file to send.</param>
/// <param name="Length">Its size as planned.</param>
/// <param name="Form">The multipart fields of its format.</param>
/// <param name="PredictedPath">Where Nexus will store it, when that can be known (for the HEAD before a retry).</param>
/// <param name="Identity">The file planning judged (device and inode): what is opened to be sent must be it (<see cref="FileDigest.Open"/>); null checks nothing.</param>
internal sealed record UploadRequest(string Repository, string LocalPath, long Length, Formats.ComponentForm Form, string? PredictedPath, FileIdentity? Identity = null);
