namespace NexusPush.Reliability;

/// <summary>
/// One line of <c>nexus-push-fallback.jsonl</c>: everything <c>replay</c> needs to send the file where it was meant to
/// go. Nothing secret: no URL credentials, no password.
/// </summary>
/// <param name="File">The saved copy, relative to the fallback folder, with '/'.</param>
/// <param name="Repository">The intended repository.</param>
/// <param name="Format">Nexus's format id (raw, apt, yum, …).</param>
/// <param name="Path">The predicted target path (raw: the directory and file name joined under one leading slash), or null when Nexus chooses it (e.g. NuGet).</param>
/// <param name="Directory">raw/yum: the directory field.</param>
/// <param name="FileName">The stored file name (raw/yum) and the multipart file name.</param>
/// <param name="Sha256">Hash of the saved bytes.</param>
/// <param name="Sha1">The SHA-1 Nexus answers a HEAD with as the ETag, to check what it holds.</param>
/// <param name="Bytes">Length of the saved copy.</param>
/// <param name="Source">Where the file was read from.</param>
/// <param name="Error">Why it could not be uploaded.</param>
/// <param name="Time">When it was saved (UTC).</param>
internal sealed record FallbackEntry(
    string File,
    string Repository,
    string Format,
    string? Path,
    string? Directory,
    string FileName,
    string Sha256,
    string Sha1,
    long Bytes,
    string Source,
    string Error,
    DateTimeOffset Time);
