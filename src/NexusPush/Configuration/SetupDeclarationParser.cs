using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NexusPush.Formats;

namespace NexusPush.Configuration;

/// <summary>
/// The <c>"setup"</c> section's grammar. It reads the section into a small tree that keeps each value's line, then
/// checks it, so every error names its line as the rest of the config does. A secret given inline (a key such as
/// <c>secretAccessKey</c>, or key material in place of a file name) is refused: the file is committed to version control.
/// </summary>
internal sealed partial class SetupDeclarationParser(LineCounter lines, string source)
{
    private const string BlobStoreKeys = "name, type, bucket, region, prefix, expiration, endpoint, forcePathStyle, signerType, accessKeyIdEnv, secretAccessKeyEnv, encryption";
    private const string RepositoryKeys = "name, format, blobStore, online, strictContentTypeValidation, writePolicy, cleanupPolicies, distribution, signingKeyFile, signingPassphraseEnv (apt), repodataDepth, deployPolicy (yum), contentDisposition (raw)";

    /// <summary>Nexus's longest blob store name (docs/nexus-contract.md §9.3).</summary>
    private const int MaxBlobStoreName = 255;

    private static readonly string[] FormatKeys = ["distribution", "signingKeyFile", "signingPassphraseEnv", "repodataDepth", "deployPolicy", "contentDisposition"];

    private static readonly Dictionary<string, string> InlineSecrets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["accessKeyId"] = "accessKeyIdEnv",
        ["secretAccessKey"] = "secretAccessKeyEnv",
        ["sessionToken"] = "secretAccessKeyEnv",
        ["password"] = "an environment variable",
        ["passphrase"] = "signingPassphraseEnv",
        ["signingPassphrase"] = "signingPassphraseEnv",
        ["keypair"] = "signingKeyFile",
        ["signingKey"] = "signingKeyFile",
    };

    /// <summary>Reads the section; the reader stands on its first token and is left on its last.</summary>
    public SetupDeclaration Read(ref Utf8JsonReader reader)
    {
        var root = ReadNode(ref reader);
        var section = Object(root, "'setup' must be an object such as {\"blobStores\": [...], \"repositories\": [...]}");
        var blobStores = new List<BlobStoreDeclaration>();
        var repositories = new List<RepositoryDeclaration>();
        foreach (var (key, line, value) in section)
        {
            switch (key)
            {
                case "blobStores":
                    blobStores.AddRange(Array(value, "setup.blobStores").Select(BlobStore));
                    break;
                case "repositories":
                    repositories.AddRange(Array(value, "setup.repositories").Select(Repository));
                    break;
                default:
                    throw Error(line, $"unknown setup key '{key}' (known: blobStores, repositories)");
            }
        }

        RejectDuplicateNames(blobStores.Select(b => (b.Name, b.Line)), "blob store");
        RejectDuplicateNames(repositories.Select(r => (r.Name, r.Line)), "repository");
        return new SetupDeclaration(blobStores, repositories);
    }

    private BlobStoreDeclaration BlobStore(Node node)
    {
        var fields = ReadFields(node, "each setup.blobStores entry", BlobStoreKeys, key => key is "name" or "type" or "bucket" or "region" or "prefix" or "expiration" or "endpoint" or "forcePathStyle" or "signerType" or "accessKeyIdEnv" or "secretAccessKeyEnv" or "encryption");
        var type = fields.String("type") ?? "s3";
        if (!string.Equals(type, "s3", StringComparison.OrdinalIgnoreCase))
        {
            throw Error(fields.LineOf("type"), $"blob store type '{type}' is not supported; setup manages S3 blob stores only");
        }

        var expiration = fields.Integer("expiration");
        if (expiration is < -1)
        {
            throw Error(fields.LineOf("expiration"), "'expiration' is a number of days, or -1 to keep deleted blobs");
        }

        return new BlobStoreDeclaration
        {
            Name = BlobStoreName(fields, "name"),
            Line = node.Line,
            Bucket = fields.Required("bucket"),
            Region = fields.String("region"),
            Prefix = fields.String("prefix"),
            Expiration = expiration,
            Endpoint = fields.String("endpoint"),
            ForcePathStyle = fields.Bool("forcePathStyle"),
            SignerType = fields.String("signerType"),
            AccessKeyIdEnv = EnvName(fields, "accessKeyIdEnv"),
            SecretAccessKeyEnv = EnvName(fields, "secretAccessKeyEnv"),
            Encryption = Encryption(fields),
        };
    }

    private RepositoryDeclaration Repository(Node node)
    {
        var fields = ReadFields(node, "each setup.repositories entry", RepositoryKeys, key => key is "name" or "format" or "blobStore" or "online" or "strictContentTypeValidation" or "writePolicy" or "cleanupPolicies" or "distribution" or "signingKeyFile" or "signingPassphraseEnv" or "repodataDepth" or "deployPolicy" or "contentDisposition");
        var name = Nexus.RepositoryName.Checked(fields.Required("name"), $"{source} line {fields.LineOf("name")}");
        var formatText = fields.Required("format");
        var format = ConfigLoader.ParseFormat(formatText, message => Error(fields.LineOf("format"), message));
        string[] only = format switch
        {
            ArtifactFormat.Apt => ["distribution", "signingKeyFile", "signingPassphraseEnv"],
            ArtifactFormat.Yum => ["repodataDepth", "deployPolicy"],
            ArtifactFormat.Raw => ["contentDisposition"],
            _ => [],
        };
        foreach (var key in FormatKeys.Except(only))
        {
            if (fields.Has(key))
            {
                throw Error(fields.LineOf(key), $"'{key}' does not apply to a {format.NexusId()} repository");
            }
        }

        var depth = fields.Integer("repodataDepth");
        if (depth is < 0 or > 5)
        {
            throw Error(fields.LineOf("repodataDepth"), "'repodataDepth' must be 0 to 5");
        }

        var declaration = new RepositoryDeclaration
        {
            Name = name,
            Line = node.Line,
            Format = format,
            BlobStore = BlobStoreName(fields, "blobStore"),
            Online = fields.Bool("online"),
            StrictContentTypeValidation = fields.Bool("strictContentTypeValidation"),
            WritePolicy = fields.OneOf("writePolicy", "ALLOW", "ALLOW_ONCE", "DENY"),
            CleanupPolicies = fields.Strings("cleanupPolicies"),
            Distribution = fields.String("distribution"),
            SigningKeyFile = KeyFile(fields),
            SigningPassphraseEnv = EnvName(fields, "signingPassphraseEnv"),
            RepodataDepth = depth,
            DeployPolicy = fields.OneOf("deployPolicy", "STRICT", "PERMISSIVE"),
            ContentDisposition = fields.OneOf("contentDisposition", "INLINE", "ATTACHMENT"),
        };
        if (format == ArtifactFormat.Apt && (declaration.Distribution is null || declaration.SigningKeyFile is null))
        {
            throw Error(node.Line, $"apt repository '{name}' needs 'distribution' and 'signingKeyFile' (Nexus signs apt metadata with that key)");
        }

        return declaration;
    }

    private S3Encryption? Encryption(Fields fields)
    {
        if (!fields.Has("encryption"))
        {
            return null;
        }

        var node = fields.Node("encryption");
        string type;
        string? keyId = null;
        if (node.Kind == JsonTokenType.String)
        {
            type = node.Text!;
        }
        else
        {
            var inner = ReadFields(node, "'encryption'", "type, keyId", key => key is "type" or "keyId");
            type = inner.Required("type");
            keyId = inner.String("keyId");
        }

        if (type is not ("s3ManagedEncryption" or "kmsManagedEncryption"))
        {
            throw Error(node.Line, $"unknown encryption '{type}' (known: s3ManagedEncryption, kmsManagedEncryption)");
        }

        if (keyId is not null && type != "kmsManagedEncryption")
        {
            throw Error(node.Line, "'keyId' applies to kmsManagedEncryption only");
        }

        return new S3Encryption(type, keyId);
    }

    /// <summary>
    /// Nexus has no character rule for blob store names, only a length of 1 to 255 (docs/nexus-contract.md §9.3);
    /// a name goes into URLs escaped and into messages escaped, so that length is all there is to check.
    /// </summary>
    private string BlobStoreName(Fields fields, string key)
    {
        var name = fields.Required(key);
        return name.Length <= MaxBlobStoreName
            ? name
            : throw Error(fields.LineOf(key), $"'{key}' is {name.Length} characters long; Nexus allows a blob store name of at most {MaxBlobStoreName}");
    }

    private string? EnvName(Fields fields, string key)
    {
        var value = fields.String(key);
        if (value is not null && !EnvironmentName().IsMatch(value))
        {
            throw Error(fields.LineOf(key), $"'{key}' names an environment variable (such as S3_SECRET_ACCESS_KEY); this value is not a variable name, and secrets never live in the file");
        }

        return value;
    }

    private string? KeyFile(Fields fields)
    {
        var value = fields.String("signingKeyFile");
        if (value is null)
        {
            return null;
        }

        if (value.Contains("-----BEGIN", StringComparison.Ordinal) || value.Contains('\n', StringComparison.Ordinal))
        {
            throw Error(fields.LineOf("signingKeyFile"), "'signingKeyFile' is the path of the armored key file; a private key never lives in the config file");
        }

        var directory = Path.GetDirectoryName(source);
        return string.IsNullOrEmpty(directory) ? Path.GetFullPath(value) : Path.GetFullPath(value, directory);
    }

    private void RejectDuplicateNames(IEnumerable<(string Name, int Line)> names, string what)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, line) in names)
        {
            if (!seen.TryAdd(name, line))
            {
                throw Error(line, $"{what} '{ControlChars.Escape(name)}' is declared twice (first on line {seen[name]})");
            }
        }
    }

    private Fields ReadFields(Node node, string what, string known, Func<string, bool> isKnown)
    {
        var properties = Object(node, $"{what} must be an object");
        foreach (var (key, line, _) in properties)
        {
            if (InlineSecrets.TryGetValue(key, out var instead))
            {
                throw Error(line, $"'{key}' would put a secret in the config file; use {(instead.Contains(' ', StringComparison.Ordinal) ? instead : $"'{instead}'")} instead");
            }

            if (!isKnown(key))
            {
                throw Error(line, $"unknown key '{key}' (known: {known})");
            }
        }

        return new Fields(this, properties);
    }

    private List<(string Key, int Line, Node Value)> Object(Node node, string message) =>
        node.Kind == JsonTokenType.StartObject ? node.Properties! : throw Error(node.Line, message);

    private List<Node> Array(Node node, string key) =>
        node.Kind == JsonTokenType.StartArray ? node.Items! : throw Error(node.Line, $"'{key}' must be an array of objects");

    private Node ReadNode(ref Utf8JsonReader reader)
    {
        var line = Line(ref reader);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<(string, int, Node)>();
                var keys = new HashSet<string>(StringComparer.Ordinal);
                while (Next(ref reader) == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    var keyLine = Line(ref reader);
                    if (!keys.Add(key))
                    {
                        throw Error(keyLine, $"key '{key}' appears twice in the same object");
                    }

                    Next(ref reader);
                    properties.Add((key, keyLine, ReadNode(ref reader)));
                }

                return new Node(JsonTokenType.StartObject, line) { Properties = properties };
            case JsonTokenType.StartArray:
                var items = new List<Node>();
                while (Next(ref reader) != JsonTokenType.EndArray)
                {
                    items.Add(ReadNode(ref reader));
                }

                return new Node(JsonTokenType.StartArray, line) { Items = items };
            case JsonTokenType.String:
                return new Node(JsonTokenType.String, line) { Text = reader.GetString() };
            case JsonTokenType.Number:
                return new Node(JsonTokenType.Number, line) { Text = reader.TryGetInt32(out var number) ? number.ToString(CultureInfo.InvariantCulture) : null };
            default:
                return new Node(reader.TokenType, line);
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The file ends too early", null, 0, 0);

    private int Line(ref Utf8JsonReader reader) => lines.LineAt(reader.TokenStartIndex);

    private UsageException Error(int line, string message) => new($"{source} line {line}: {message}.");

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();

    /// <summary>One JSON value and the line it starts on.</summary>
    private sealed record Node(JsonTokenType Kind, int Line)
    {
        public string? Text { get; init; }

        public List<(string Key, int Line, Node Value)>? Properties { get; init; }

        public List<Node>? Items { get; init; }
    }

    /// <summary>An object's members with typed getters that name the line of a wrong type.</summary>
    private sealed class Fields(SetupDeclarationParser parser, List<(string Key, int Line, Node Value)> properties)
    {
        public bool Has(string key) => properties.Any(p => p.Key == key);

        public Node Node(string key) => properties.First(p => p.Key == key).Value;

        public int LineOf(string key) => properties.First(p => p.Key == key).Line;

        public string Required(string key)
        {
            var value = String(key);
            return string.IsNullOrWhiteSpace(value) ? throw parser.Error(Has(key) ? LineOf(key) : properties.FirstOrDefault().Line, $"'{key}' is required and must not be empty") : value.Trim();
        }

        public string? String(string key) => !Has(key) ? null
            : Node(key) is { Kind: JsonTokenType.String } node ? node.Text
            : throw parser.Error(LineOf(key), $"'{key}' must be a string");

        public bool? Bool(string key) => !Has(key) ? null
            : Node(key).Kind switch
            {
                JsonTokenType.True => true,
                JsonTokenType.False => false,
                _ => throw parser.Error(LineOf(key), $"'{key}' must be true or false"),
            };

        public int? Integer(string key) => !Has(key) ? null
            : Node(key) is { Kind: JsonTokenType.Number, Text: { } text } ? int.Parse(text, CultureInfo.InvariantCulture)
            : throw parser.Error(LineOf(key), $"'{key}' must be a whole number");

        public List<string>? Strings(string key) => !Has(key) ? null
            : Node(key) is { Kind: JsonTokenType.StartArray } node && node.Items!.All(i => i.Kind == JsonTokenType.String) ? node.Items!.Select(i => i.Text!).ToList()
            : throw parser.Error(LineOf(key), $"'{key}' must be an array of strings");

        public string? OneOf(string key, params string[] allowed)
        {
            var value = String(key);
            if (value is null)
            {
                return null;
            }

            return allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
                ?? throw parser.Error(LineOf(key), $"unknown {key} '{value}' (known: {string.Join(", ", allowed)})");
        }
    }
}
