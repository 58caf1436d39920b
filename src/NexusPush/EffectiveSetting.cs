namespace NexusPush;

/// <summary>One setting as the run will use it, and where it came from (flag, environment variable, default).</summary>
internal sealed record EffectiveSetting(string Name, string Value, string Source);
