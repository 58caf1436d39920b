using NexusPush.Formats;
using NexusPush.Runs;

namespace NexusPush.Tests.Support;

/// <summary>Plan items for tests that drive the executor directly, without planning a tree.</summary>
internal static class PlanItems
{
    /// <summary>A new file written into <paramref name="dir"/>, planned as an upload to raw-h at /<paramref name="name"/>.</summary>
    public static PlanItem RawUpload(TempDir dir, string name, string content)
    {
        var path = dir.Write(name, content);
        return new PlanItem
        {
            LocalPath = path,
            DisplayPath = name,
            FileName = name,
            Length = new FileInfo(path).Length,
            Format = ArtifactFormat.Raw,
            Repository = "raw-h",
            Directory = "/",
            TargetPath = "/" + name,
            Action = PlanAction.Upload,
        };
    }
}
