namespace NexusPush.Setup;

/// <summary>
/// Where setup's secrets come from (environment variables and key files the declaration names) and the one place
/// that redacts them: every value read is remembered, and <see cref="Redact"/> blanks it out of any text before
/// it is printed, so a secret that Nexus echoes in an error still never reaches the terminal or a log.
/// </summary>
internal sealed class SetupSecrets(ProcessEnvironment environment)
{
    /// <summary>Values shorter than this are not redacted: blanking "1" out of every message would hide more than it protects.</summary>
    private const int MinRedactedLength = 4;

    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    /// <summary>The variable's value, or null when it is unset or empty.</summary>
    public string? Variable(string? name)
    {
        var value = name is null ? null : environment.GetVariable(name);
        return string.IsNullOrEmpty(value) ? null : Remember(value);
    }

    /// <exception cref="UsageException">The variable is not set.</exception>
    public string RequireVariable(string name, string purpose) =>
        Variable(name) ?? throw new UsageException($"Environment variable {name} is not set; setup needs it {purpose}.");

    /// <exception cref="UsageException">The file cannot be read or is empty.</exception>
    public string ReadKeyFile(string path, string purpose)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read the signing key file {path} ({e.Message.TrimEnd('.')}); setup needs it {purpose}.");
        }

        if (!text.Contains("-----BEGIN PGP PRIVATE KEY BLOCK-----", StringComparison.Ordinal))
        {
            throw new UsageException($"The signing key file {path} holds no ASCII-armored private key (-----BEGIN PGP PRIVATE KEY BLOCK-----); export one with 'gpg --armor --export-secret-keys KEYID'.");
        }

        Remember(text.Trim());
        return text;
    }

    /// <summary>
    /// Marks a value as secret (also one Nexus returned: the apt private key). Its JSON-escaped form and, for a key
    /// file, each line of key material are remembered too: an error that quotes a request body carries them so.
    /// </summary>
    public string Remember(string value)
    {
        if (value.Length < MinRedactedLength)
        {
            return value;
        }

        _known.Add(value);
        _known.Add(System.Text.Json.JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
        _known.Add(System.Text.Json.JsonEncodedText.Encode(value).ToString());
        foreach (var line in value.Split('\n').Select(l => l.Trim()))
        {
            if (line.Length >= 8 && !line.StartsWith("-----", StringComparison.Ordinal))
            {
                _known.Add(line);
            }
        }

        return value;
    }

    public string Redact(string text)
    {
        foreach (var secret in _known.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
