using NexusPush.Formats;

namespace NexusPush.ClientConfig;

/// <summary>
/// What a client machine needs to know of one repository: its format, URL, apt distribution or yum depth, whether
/// anonymous read is allowed, and (apt) the public signing key Nexus serves.
/// </summary>
internal sealed record ClientRepository(string Name, ArtifactFormat Format, string Url)
{
    public string? Distribution { get; init; }

    public int RepodataDepth { get; init; }

    /// <summary>False when a client needs credentials; null when Nexus's answer did not say.</summary>
    public bool? AnonymousRead { get; init; }

    /// <summary>apt: the binary OpenPGP public key from <c>repository-key.gpg</c>.</summary>
    public byte[]? PublicKey { get; init; }
}

/// <summary>One file client-config prints or writes, and where it goes on a client machine.</summary>
internal sealed record ClientFile(string FileName, string InstallTo, byte[] Content, bool IsText = true, bool Private = false)
{
    public static ClientFile Text(string fileName, string installTo, string content, bool isPrivate = false) =>
        new(fileName, installTo, System.Text.Encoding.UTF8.GetBytes(content), true, isPrivate);
}
