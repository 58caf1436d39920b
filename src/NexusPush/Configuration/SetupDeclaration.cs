using NexusPush.Formats;

namespace NexusPush.Configuration;

/// <summary>
/// The optional <c>"setup"</c> section of the config file: the blob stores and hosted repositories
/// <c>nexus-push setup</c> creates or brings in line. Secrets are never held here, only where to find them
/// (environment variable names, key files); the names follow Nexus's own REST fields (docs/nexus-contract.md §9).
/// </summary>
internal sealed record SetupDeclaration(IReadOnlyList<BlobStoreDeclaration> BlobStores, IReadOnlyList<RepositoryDeclaration> Repositories)
{
    public static SetupDeclaration None { get; } = new([], []);

    public bool IsEmpty => BlobStores.Count == 0 && Repositories.Count == 0;
}

/// <summary>S3 server-side encryption: <c>s3ManagedEncryption</c>, or <c>kmsManagedEncryption</c> with an optional key id.</summary>
internal sealed record S3Encryption(string Type, string? KeyId);

/// <summary>An S3 blob store (the only type setup manages). Null means "not declared": left as Nexus has it.</summary>
internal sealed record BlobStoreDeclaration
{
    public required string Name { get; init; }

    public required int Line { get; init; }

    public required string Bucket { get; init; }

    public string? Region { get; init; }

    public string? Prefix { get; init; }

    /// <summary>Days before deleted blobs are removed from the bucket; only Nexus up to 3.80 has this setting.</summary>
    public int? Expiration { get; init; }

    public string? Endpoint { get; init; }

    public bool? ForcePathStyle { get; init; }

    public string? SignerType { get; init; }

    public string? AccessKeyIdEnv { get; init; }

    public string? SecretAccessKeyEnv { get; init; }

    public S3Encryption? Encryption { get; init; }
}

/// <summary>A hosted repository. Null means "not declared": a create uses Nexus's usual default, an update leaves it.</summary>
internal sealed record RepositoryDeclaration
{
    public required string Name { get; init; }

    public required int Line { get; init; }

    public required ArtifactFormat Format { get; init; }

    public string? BlobStore { get; init; }

    public bool? Online { get; init; }

    public bool? StrictContentTypeValidation { get; init; }

    public string? WritePolicy { get; init; }

    public IReadOnlyList<string>? CleanupPolicies { get; init; }

    /// <summary>apt: the distribution (suite) the repository serves.</summary>
    public string? Distribution { get; init; }

    /// <summary>apt: an ASCII-armored private key file, relative to the config file.</summary>
    public string? SigningKeyFile { get; init; }

    public string? SigningPassphraseEnv { get; init; }

    /// <summary>yum: how many folders below the repository root the repodata sits (0–5).</summary>
    public int? RepodataDepth { get; init; }

    public string? DeployPolicy { get; init; }

    /// <summary>raw: INLINE or ATTACHMENT.</summary>
    public string? ContentDisposition { get; init; }
}
