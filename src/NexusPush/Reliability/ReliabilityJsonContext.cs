using System.Text.Json.Serialization;

namespace NexusPush.Reliability;

/// <summary>Source-generated JSON for the fallback manifest, the journal and the alert (one line per object).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(FallbackEntry))]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(AlertMessage))]
internal sealed partial class ReliabilityJsonContext : JsonSerializerContext;

/// <summary>The incoming-webhook shape Slack, Mattermost and Teams accept.</summary>
internal sealed record AlertMessage(string Text);
