using NexusPush.Formats;

namespace NexusPush.Tests.Formats;

public sealed class ComponentFormTests
{
    [Theory]
    [InlineData("left-pad-1.3.0.tgz", "left-pad-1.3.0.tgz")]
    [InlineData("left-pad-1.3.0.tar.gz", "left-pad-1.3.0.tgz")]
    public void For_Npm_PartFileNameEndsInTgzAsNexusRequires(string fileName, string expected) =>
        Assert.Equal(expected, ComponentForm.For(ArtifactFormat.Npm, fileName, null).PartFileName);

    [Fact]
    public void For_Raw_RootDirectoryIsSentAsSlashBecauseNexusDropsBlankFields() =>
        Assert.Contains(new KeyValuePair<string, string>("raw.directory", "/"), ComponentForm.For(ArtifactFormat.Raw, "a.txt", "").Fields);
}
