using System.Text.Json.Nodes;
using NexusPush.Configuration;

namespace NexusPush.Setup;

/// <summary>
/// An S3 blob store (docs/nexus-contract.md §9): <c>POST /v1/blobstores/s3</c>, <c>GET</c>/<c>PUT
/// /v1/blobstores/s3/{name}</c>. A GET names the credentials <c>bucketSecurity</c> and the endpoint settings
/// <c>advancedBucketConnection</c> where the request bodies say <c>security</c> and <c>advancedConnection</c>, and
/// answers the secret key as a placeholder that a PUT may send back to keep the stored one.
/// </summary>
internal sealed class S3BlobStoreTarget : ISetupTarget
{
    /// <summary>What Nexus answers in place of a stored secret, and accepts in a PUT as "keep it".</summary>
    public const string SecretPlaceholder = "#~NXRM~PLACEHOLDER~PASSWORD~#";

    /// <summary>Nexus's own default for bucket.expiration (days), sent on create to servers that require the field.</summary>
    private const int DefaultExpirationDays = 3;

    private readonly BlobStoreDeclaration _declaration;
    private readonly bool _takesExpiration;

    public S3BlobStoreTarget(BlobStoreDeclaration declaration, string? serverVersion, SetupSecrets secrets)
    {
        _declaration = declaration;
        _takesExpiration = NexusVersion.TakesBucketExpiration(serverVersion);
        var fields = new List<DesiredField>
        {
            new("bucketConfiguration.bucket.name", declaration.Bucket),
        };
        Add(fields, "bucketConfiguration.bucket.region", declaration.Region);
        if (declaration.Prefix is not null)
        {
            fields.Add(new("bucketConfiguration.bucket.prefix", declaration.Prefix, p => p.Trim('/')));
        }

        if (declaration.Expiration is { } days && _takesExpiration)
        {
            fields.Add(new("bucketConfiguration.bucket.expiration", days));
        }

        if (declaration.Endpoint is not null)
        {
            fields.Add(new("bucketConfiguration.advancedConnection.endpoint", declaration.Endpoint, e => e.TrimEnd('/')));
        }

        if (declaration.ForcePathStyle is { } pathStyle)
        {
            fields.Add(new("bucketConfiguration.advancedConnection.forcePathStyle", pathStyle));
        }

        if (declaration.SignerType is not null)
        {
            fields.Add(new("bucketConfiguration.advancedConnection.signerType", declaration.SignerType, DesiredField.IgnoreCase));
        }

        if (declaration.Encryption is { } encryption)
        {
            fields.Add(new("bucketConfiguration.encryption.encryptionType", encryption.Type));
            fields.Add(new("bucketConfiguration.encryption.encryptionKey", encryption.KeyId));
        }

        // Nexus returns the access key id as stored, so it is compared when its variable is set; the secret key never can be.
        if (secrets.Variable(declaration.AccessKeyIdEnv) is { } accessKeyId)
        {
            fields.Add(new("bucketConfiguration.security.accessKeyId", accessKeyId, Secret: true));
        }

        Desired = fields;
        Note = declaration.Expiration is not null && !_takesExpiration
            ? $"expiration not sent: Nexus {serverVersion} has no bucket expiration (3.81 and later)"
            : null;
    }

    public string What => $"blob store {_declaration.Name}";

    public string? Repository => null;

    public BlobStoreDeclaration Declaration => _declaration;

    public string ItemUri => "service/rest/v1/blobstores/s3/" + Uri.EscapeDataString(_declaration.Name);

    public string CreateUri => "service/rest/v1/blobstores/s3";

    public IReadOnlyList<DesiredField> Desired { get; }

    public string? Note { get; }

    public string Privilege(string action) => $"nexus:blobstores:{action}";

    /// <summary>The name, and the bucket a create requires (§9.1).</summary>
    public void CheckAnswer(JsonObject read) =>
        new SettingsAnswer(read)
            .Is("name", _declaration.Name).String("bucketConfiguration.bucket.name").String("bucketConfiguration.bucket.region")
            .ThrowIfUnusable(ItemUri, What);

    public JsonObject FromRead(JsonObject read, SetupSecrets secrets)
    {
        var current = SetupTargets.Copy(read, "name", "softQuota");
        if (read["bucketConfiguration"] is JsonObject configuration)
        {
            var renamed = new JsonObject();
            foreach (var (key, value) in configuration)
            {
                var name = key switch
                {
                    "bucketSecurity" => "security",
                    "advancedBucketConnection" => "advancedConnection",
                    _ => key,
                };
                renamed[name] = value?.DeepClone();
            }

            current["bucketConfiguration"] = renamed;
        }

        if (!_takesExpiration && JsonPath.Get(current, "bucketConfiguration.bucket") is JsonObject bucket)
        {
            bucket.Remove("expiration");
        }

        return current;
    }

    /// <summary>The secret key goes out with a new access key id, and with --update-secrets; otherwise the placeholder keeps it.</summary>
    public IReadOnlyList<FieldDifference> SecretUpdates(bool updateSecrets, IReadOnlyList<FieldDifference> differences) =>
        updateSecrets || differences.Any(d => d.Path.EndsWith(".accessKeyId", StringComparison.Ordinal))
            ? [new("bucketConfiguration.security.secretAccessKey", "(stored)", $"(from {SecretVariable})")]
            : [];

    public JsonObject CreateBody(SetupSecrets secrets)
    {
        var body = SetupTargets.Overlay(new JsonObject { ["name"] = _declaration.Name }, Desired);
        if (JsonPath.Get(body, "bucketConfiguration.bucket.region") is null)
        {
            JsonPath.Set(body, "bucketConfiguration.bucket.region", "DEFAULT");
        }

        if (_takesExpiration && JsonPath.Get(body, "bucketConfiguration.bucket.expiration") is null)
        {
            JsonPath.Set(body, "bucketConfiguration.bucket.expiration", DefaultExpirationDays);
        }

        AddCredentials(body, secrets, "to create " + What);
        return body;
    }

    public JsonObject UpdateBody(JsonObject current, SetupSecrets secrets, bool updateSecrets, IReadOnlyList<FieldDifference> differences)
    {
        var body = SetupTargets.Overlay(current, Desired);
        if (SecretUpdates(updateSecrets, differences).Count > 0)
        {
            AddCredentials(body, secrets, "to update the credentials of " + What);
        }
        else if (JsonPath.Get(body, "bucketConfiguration.security") is JsonObject security && security["secretAccessKey"] is not null)
        {
            // Whatever GET said, only the placeholder means "keep the stored secret".
            security["secretAccessKey"] = SecretPlaceholder;
        }

        return body;
    }

    private string SecretVariable => _declaration.SecretAccessKeyEnv ?? "secretAccessKeyEnv";

    private void AddCredentials(JsonObject body, SetupSecrets secrets, string purpose)
    {
        if (_declaration.AccessKeyIdEnv is null && _declaration.SecretAccessKeyEnv is null)
        {
            return; // No static keys: Nexus uses the instance's IAM role or the default credential chain.
        }

        if (_declaration.AccessKeyIdEnv is null || _declaration.SecretAccessKeyEnv is null)
        {
            throw new UsageException($"{What} (line {_declaration.Line}) names only one of accessKeyIdEnv and secretAccessKeyEnv; S3 needs both.");
        }

        var security = new JsonObject
        {
            ["accessKeyId"] = secrets.RequireVariable(_declaration.AccessKeyIdEnv, purpose),
            ["secretAccessKey"] = secrets.RequireVariable(_declaration.SecretAccessKeyEnv, purpose),
        };
        JsonPath.Set(body, "bucketConfiguration.security", security);
    }

    private static void Add(List<DesiredField> fields, string path, string? value)
    {
        if (value is not null)
        {
            fields.Add(new(path, value));
        }
    }
}
