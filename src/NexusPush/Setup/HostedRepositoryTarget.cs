using System.Text.Json.Nodes;
using NexusPush.Configuration;
using NexusPush.Formats;

namespace NexusPush.Setup;

/// <summary>
/// A hosted repository (docs/nexus-contract.md §9): <c>POST /v1/repositories/{format}/hosted</c>,
/// <c>GET</c>/<c>PUT /v1/repositories/{format}/hosted/{name}</c>. An apt GET returns the private signing key and
/// never the passphrase, so the signing settings are not compared; every apt write sends them again, from the
/// key file and the passphrase variable.
/// </summary>
internal sealed class HostedRepositoryTarget : ISetupTarget
{
    /// <summary>The request body's keys; what else a GET returns (format, type, url, aptSigning) is not sent back.</summary>
    private static readonly string[] RequestKeys = ["name", "online", "storage", "cleanup", "component", "apt", "yum", "raw"];

    private readonly RepositoryDeclaration _declaration;

    public HostedRepositoryTarget(RepositoryDeclaration declaration)
    {
        _declaration = declaration;
        var fields = new List<DesiredField>();
        void Add(string path, JsonNode? value, Func<string, string>? normalize = null)
        {
            if (value is not null)
            {
                fields.Add(new(path, value, normalize));
            }
        }

        Add("online", declaration.Online);
        Add("storage.blobStoreName", declaration.BlobStore);
        Add("storage.strictContentTypeValidation", declaration.StrictContentTypeValidation);
        Add("storage.writePolicy", declaration.WritePolicy, DesiredField.IgnoreCase);
        Add("cleanup.policyNames", declaration.CleanupPolicies is { } policies ? new JsonArray([.. policies.Select(p => JsonValue.Create(p))]) : null);
        Add("apt.distribution", declaration.Distribution);
        Add("yum.repodataDepth", declaration.RepodataDepth);
        Add("yum.deployPolicy", declaration.DeployPolicy, DesiredField.IgnoreCase);
        Add("raw.contentDisposition", declaration.ContentDisposition, DesiredField.IgnoreCase);
        Desired = fields;
    }

    public string What => $"repository {_declaration.Name}";

    public string? Repository => _declaration.Name;

    public RepositoryDeclaration Declaration => _declaration;

    public string ItemUri => $"service/rest/v1/repositories/{Format}/hosted/{Uri.EscapeDataString(_declaration.Name)}";

    public string CreateUri => $"service/rest/v1/repositories/{Format}/hosted";

    public IReadOnlyList<DesiredField> Desired { get; }

    public string? Note => null;

    private string Format => _declaration.Format.NexusId();

    private bool IsApt => _declaration.Format == ArtifactFormat.Apt;

    public string Privilege(string action) =>
        $"nexus:repository-admin:{Format}:{_declaration.Name}:" + action switch { "create" => "add", "update" => "edit", _ => action };

    /// <summary>The identity a repository GET carries (§9.1: name, format, type) and what a create requires.</summary>
    public void CheckAnswer(JsonObject read)
    {
        var answer = new SettingsAnswer(read)
            .Is("name", _declaration.Name).Is("format", Format).Is("type", "hosted")
            .Bool("online").String("storage.blobStoreName").String("storage.writePolicy").Bool("storage.strictContentTypeValidation");
        _ = _declaration.Format switch
        {
            ArtifactFormat.Apt => answer.String("apt.distribution"),
            ArtifactFormat.Yum => answer.Number("yum.repodataDepth").String("yum.deployPolicy"),
            _ => answer,
        };
        answer.ThrowIfUnusable(ItemUri, What);
    }

    public JsonObject FromRead(JsonObject read, SetupSecrets secrets)
    {
        if (JsonPath.Get(read, "aptSigning.keypair") is JsonValue keypair && keypair.TryGetValue<string>(out var key))
        {
            secrets.Remember(key.Trim());
        }

        // Requests take the write policy in upper case; a GET may answer it otherwise.
        var current = SetupTargets.Copy(read, RequestKeys);
        if (JsonPath.Get(current, "storage.writePolicy") is JsonValue policy && policy.TryGetValue<string>(out var text))
        {
            JsonPath.Set(current, "storage.writePolicy", text.ToUpperInvariant());
        }

        return current;
    }

    public IReadOnlyList<FieldDifference> SecretUpdates(bool updateSecrets, IReadOnlyList<FieldDifference> differences) =>
        IsApt && (updateSecrets || differences.Count > 0)
            ? [new("aptSigning", "(stored)", "(from signingKeyFile" + (_declaration.SigningPassphraseEnv is { } env ? $" and {env})" : ")"))]
            : [];

    public JsonObject CreateBody(SetupSecrets secrets)
    {
        var body = new JsonObject
        {
            ["name"] = _declaration.Name,
            ["online"] = true,
            ["storage"] = new JsonObject { ["strictContentTypeValidation"] = true, ["writePolicy"] = "ALLOW_ONCE" },
        };
        if (_declaration.Format == ArtifactFormat.Yum)
        {
            body["yum"] = new JsonObject { ["repodataDepth"] = 0, ["deployPolicy"] = "STRICT" };
        }

        body = SetupTargets.Overlay(body, Desired);
        AddSigning(body, secrets, "to create " + What);
        return body;
    }

    public JsonObject UpdateBody(JsonObject current, SetupSecrets secrets, bool updateSecrets, IReadOnlyList<FieldDifference> differences)
    {
        var body = SetupTargets.Overlay(current, Desired);
        body["name"] = _declaration.Name;
        AddSigning(body, secrets, "to update " + What);
        return body;
    }

    private void AddSigning(JsonObject body, SetupSecrets secrets, string purpose)
    {
        if (!IsApt)
        {
            return;
        }

        var signing = new JsonObject { ["keypair"] = secrets.ReadKeyFile(_declaration.SigningKeyFile!, purpose) };
        if (_declaration.SigningPassphraseEnv is { } env)
        {
            signing["passphrase"] = secrets.RequireVariable(env, purpose);
        }

        body["aptSigning"] = signing;
    }
}
