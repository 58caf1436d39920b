using NexusPush.Configuration;
using NexusPush.Formats;

namespace NexusPush.Tests.Configuration;

public sealed class SampleConfigTests
{
    [Fact]
    public void Load_SamplesConfig_IsValidAndRoutesTheSampleLayout()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "NexusPush.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var config = ConfigLoader.Load(Path.Combine(root.FullName, "samples", "nexus-push.json"), root.FullName);

        Assert.Equal("apt-bookworm", config.Repositories[ArtifactFormat.Apt]);
        Assert.Null(config.Url);
        Assert.Equal("yum-hosted", config.Rules.First(r => r.Match.Match("product-a/1.2.3/el9/p.rpm") is not null).Repository);
        Assert.Equal(RuleAction.Ignore, config.Rules.First(r => r.Match.Match("tools/deploy.py") is not null).Action);
    }
}
