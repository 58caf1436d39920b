using NexusPush.Nexus;

namespace NexusPush.Tests.Nexus;

/// <summary>Nexus's own name rule (nexus-contract.md §9.2), applied to names from anywhere.</summary>
public sealed class RepositoryNameTests
{
    [Theory]
    [InlineData("raw-hosted")]
    [InlineData("3rdparty-nuget")]
    [InlineData("-dash-first")]
    [InlineData("apt_buster.v2")]
    public void NamesNexusAccepts_AreValid(string name) => Assert.Null(RepositoryName.Problem(name, "test"));

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("../../escaped")]
    [InlineData("a/b")]
    [InlineData("name\n")] // a regex "$" would let a trailing newline through
    [InlineData("x]\n[evil]")]
    [InlineData("raw-ñew")]
    [InlineData("raw\u200Bnew")]
    [InlineData("_underscore-first")]
    [InlineData("a\"b")]
    public void OtherNames_AreRefusedNamingTheSource(string name)
    {
        var problem = RepositoryName.Problem(name, "Nexus's repository list");

        Assert.NotNull(problem);
        Assert.Contains("Nexus's repository list", problem);
        Assert.DoesNotContain('\n', problem);
    }
}
