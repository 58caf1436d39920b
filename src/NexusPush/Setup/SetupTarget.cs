using System.Text.Json.Nodes;

namespace NexusPush.Setup;

/// <summary>
/// One object setup manages: where Nexus keeps it, the declared settings, and how to turn what a GET returned into
/// the body a PUT takes (docs/nexus-contract.md §9: the two differ in field names and in what they say of secrets).
/// </summary>
internal interface ISetupTarget
{
    /// <summary>"blob store s3-artifacts", "repository apt-bookworm": how plan lines and errors name it.</summary>
    string What { get; }

    /// <summary>The repository name for error context, or null for a blob store.</summary>
    string? Repository { get; }

    /// <summary>GET and PUT address.</summary>
    string ItemUri { get; }

    /// <summary>POST address.</summary>
    string CreateUri { get; }

    /// <summary>The declared settings, in the request body's shape, without secrets that cannot be read back.</summary>
    IReadOnlyList<DesiredField> Desired { get; }

    /// <summary>Something the plan line should say, e.g. a declared setting this Nexus version does not have.</summary>
    string? Note { get; }

    /// <summary>The privilege a 403 on <paramref name="action"/> (read, create, update) says is missing.</summary>
    string Privilege(string action);

    /// <summary>Refuses a GET answer that is not this object's settings (another name, fields a write needs missing).</summary>
    /// <exception cref="UsageException">The answer cannot be the base of a write.</exception>
    void CheckAnswer(JsonObject read);

    /// <summary>What a GET returned, in the request body's shape, with secrets that come back dropped.</summary>
    JsonObject FromRead(JsonObject read, SetupSecrets secrets);

    /// <summary>Secrets an update sends although they cannot be compared: listed in the plan line so the write is explained.</summary>
    IReadOnlyList<FieldDifference> SecretUpdates(bool updateSecrets, IReadOnlyList<FieldDifference> differences);

    JsonObject CreateBody(SetupSecrets secrets);

    /// <summary>The current settings with the declared ones laid over them, secrets added as <see cref="SecretUpdates"/> says.</summary>
    JsonObject UpdateBody(JsonObject current, SetupSecrets secrets, bool updateSecrets, IReadOnlyList<FieldDifference> differences);
}

/// <summary>Laying declared fields over a document.</summary>
internal static class SetupTargets
{
    public static JsonObject Overlay(JsonObject current, IEnumerable<DesiredField> fields)
    {
        var body = (JsonObject)current.DeepClone();
        foreach (var field in fields)
        {
            JsonPath.Set(body, field.Path, field.Value?.DeepClone());
        }

        return body;
    }

    public static JsonObject Copy(JsonObject read, params string[] keys)
    {
        var copy = new JsonObject();
        foreach (var key in keys)
        {
            if (read.TryGetPropertyValue(key, out var value))
            {
                copy[key] = value?.DeepClone();
            }
        }

        return copy;
    }
}
