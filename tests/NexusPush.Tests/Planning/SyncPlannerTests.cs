using NexusPush.Formats;
using NexusPush.Planning;
using NexusPush.Runs;
using NexusPush.Tests.Formats;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Planning;

public sealed class SyncPlannerTests
{
    /// <summary>Real packages (tests/fixtures): content-aware detection refuses fakes.</summary>
    private static byte[] Deb => PackageFixtures.Bytes("hello-gzip.deb");

    private static byte[] Rpm => PackageFixtures.Bytes("hello-2.0-1.noarch.rpm");

    [Fact]
    public void Plan_FakeDebWithRealDetector_FailsAsInvalidPackage()
    {
        using var tree = new TempDir();
        tree.Write("fake.deb", "not an ar archive");

        var item = Assert.Single(PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.Apt, "apt-h"))));

        Assert.Equal((PlanAction.Fail, true, ArtifactFormat.Apt), (item.Action, item.IsInvalidPackage, item.Format));
    }

    [Fact]
    public void Plan_MixedTree_RoutesEachFormatToItsRepositoryWithRelativeDirectories()
    {
        using var tree = new TempDir();
        tree.Write("product-a/1.2.3/docs/manual.pdf", "pdf");
        tree.Write("product-a/1.2.3/el7/tool.rpm", Rpm);
        tree.Write("product-a/1.2.3/buster/tool.deb", Deb);
        tree.Write("top.txt", "top");

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h"), (ArtifactFormat.Yum, "yum-h"), (ArtifactFormat.Apt, "apt-h")));

        Assert.Equal(4, plan.Count);
        var pdf = plan.Single("product-a/1.2.3/docs/manual.pdf");
        Assert.Equal(("raw-h", "/product-a/1.2.3/docs/manual.pdf", PlanAction.Upload), (pdf.Repository, pdf.TargetPath, pdf.Action));
        var rpm = plan.Single("product-a/1.2.3/el7/tool.rpm");
        Assert.Equal(("yum-h", "product-a/1.2.3/el7", "/product-a/1.2.3/el7/tool.rpm"), (rpm.Repository, rpm.Directory, rpm.TargetPath));
        Assert.Equal("apt-h", plan.Single("product-a/1.2.3/buster/tool.deb").Repository);
        Assert.Equal(("/", "/top.txt"), (plan.Single("top.txt").Directory, plan.Single("top.txt").TargetPath));
    }

    [Fact]
    public void Plan_RawDirectoryPrefixAndYumDirectory_AreApplied()
    {
        using var tree = new TempDir();
        tree.Write("a/b/c.txt", "c");
        tree.Write("el8/x.rpm", Rpm);
        var routing = PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h"), (ArtifactFormat.Yum, "yum-h")) with { RawDirectory = "builds/42/", YumDirectory = "el8/x86_64" };

        var plan = PlanTree.Plan(tree.Path, routing);

        Assert.Equal("/builds/42/a/b/c.txt", plan.Single("a/b/c.txt").TargetPath);
        Assert.Equal("/el8/x86_64/x.rpm", plan.Single("el8/x.rpm").TargetPath);
    }

    [Fact]
    public void Plan_FormatWithoutRepository_IsUnroutedWithReason()
    {
        using var tree = new TempDir();
        tree.Write("pkg.deb", Deb);

        var item = Assert.Single(PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h"))));

        Assert.Equal(PlanAction.Unrouted, item.Action);
        Assert.Equal(ArtifactFormat.Apt, item.Format);
        Assert.Contains("--apt-repository", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RulesFirstMatchWins_WithNamedSegmentsInDirectoryTemplate()
    {
        using var tree = new TempDir();
        tree.Write("prod/2.0/buster/p.deb", Deb);
        tree.Write("prod/2.0/bullseye/p.deb", Deb);
        tree.Write("prod/2.0/el7/p.rpm", Rpm);
        tree.Write("prod/2.0/notes/readme.txt", "4");
        tree.Write("prod/2.0/notes/build.log", "5");
        const string config = """
            {
              // NFS layout of 2016
              "repositories": { "raw": "raw-default" },
              "rules": [
                { "match": "**/*.log", "action": "ignore" },
                { "match": "*/*/buster/*.deb", "repository": "apt_buster" },
                { "match": "*/*/bullseye/*.deb", "repository": "apt_bullseye" },
                { "match": "{product}/{version}/el7/*.rpm", "repository": "nexus-yum", "directory": "el7/x86_64/{product}" },
                { "match": "{product}/{version}/**", "repository": "raw-docs", "directory": "{product}/v{version}/{dir}" },
              ],
            }
            """;

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing(config));

        Assert.Equal("apt_buster", plan.Single("prod/2.0/buster/p.deb").Repository);
        Assert.Equal("apt_bullseye", plan.Single("prod/2.0/bullseye/p.deb").Repository);
        var rpm = plan.Single("prod/2.0/el7/p.rpm");
        Assert.Equal(("nexus-yum", "/el7/x86_64/prod/p.rpm"), (rpm.Repository, rpm.TargetPath));
        var readme = plan.Single("prod/2.0/notes/readme.txt");
        Assert.Equal(("raw-docs", "/prod/v2.0/prod/2.0/notes/readme.txt"), (readme.Repository, readme.TargetPath));
        var log = plan.Single("prod/2.0/notes/build.log");
        Assert.Equal(PlanAction.Skip, log.Action);
        Assert.Contains("line 5", log.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_RuleFormatRaw_UploadsPackageAsPlainFile()
    {
        using var tree = new TempDir();
        tree.Write("legacy/old.deb", "not really a deb");

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing("""{"rules":[{"match":"legacy/**","format":"raw","repository":"raw-legacy"}]}"""));

        var item = Assert.Single(plan);
        Assert.Equal((ArtifactFormat.Raw, "raw-legacy", "/legacy/old.deb"), (item.Format, item.Repository, item.TargetPath));
    }

    [Fact]
    public void Plan_OneNuGetIdentitySpelledTwoWays_IdenticalBytesAreOneUpload()
    {
        using var tree = new TempDir();
        var bytes = Sync.NuGetExistenceTests.Nupkg("Fuzz.Case", "1.0.0", "same");
        tree.Write("a/Fuzz.Case.1.0.0.nupkg", bytes);
        tree.Write("b/fuzz.case.1.0.nupkg", bytes);

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.NuGet, "nuget-h")));

        Assert.Equal(PlanAction.Upload, plan.Single("a/Fuzz.Case.1.0.0.nupkg").Action);
        var second = plan.Single("b/fuzz.case.1.0.nupkg");
        Assert.Equal(PlanAction.Skip, second.Action);
        Assert.Contains("identical to a/Fuzz.Case.1.0.0.nupkg", second.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fuzz.case", "1.0")]
    [InlineData("FUZZ.CASE", "1.0.0.0+build.9")]
    public void Plan_OneNuGetIdentitySpelledTwoWays_DifferentBytesFailAsADuplicateTarget(string id, string version)
    {
        using var tree = new TempDir();
        tree.Write("a/Fuzz.Case.1.0.0.nupkg", Sync.NuGetExistenceTests.Nupkg("Fuzz.Case", "1.0.0", "first build"));
        tree.Write("b/other.nupkg", Sync.NuGetExistenceTests.Nupkg(id, version, "second build"));

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.NuGet, "nuget-h")));

        Assert.Equal(PlanAction.Upload, plan.Single("a/Fuzz.Case.1.0.0.nupkg").Action);
        var second = plan.Single("b/other.nupkg");
        Assert.Equal(PlanAction.Fail, second.Action);
        Assert.Contains($"a/Fuzz.Case.1.0.0.nupkg already goes to nuget-h as {id} {version} with different content", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_InvalidPackage_FailsAsInvalidWithReason()
    {
        using var tree = new TempDir();
        tree.Write("broken.deb", "garbage");

        var item = Assert.Single(PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.Apt, "apt-h")), detect: _ => Detection.Invalid(ArtifactFormat.Apt, "not an ar archive")));

        Assert.Equal(PlanAction.Fail, item.Action);
        Assert.True(item.IsInvalidPackage);
        Assert.Contains("not a valid apt package: not an ar archive", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_CatchAllRuleWithDirectory_RoutesPackagesByMetadataAndRawByTemplate()
    {
        using var tree = new TempDir();
        tree.Write("prod/1.0/p.deb", Deb);
        tree.Write("prod/1.0/notes.txt", "txt");
        const string config = """{"repositories":{"apt":"apt-h","raw":"raw-h"},"rules":[{"match":"{product}/{version}/**","directory":"releases/{dir}"}]}""";

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing(config));

        var deb = plan.Single("prod/1.0/p.deb");
        Assert.Equal(("apt-h", null, PlanAction.Upload), (deb.Repository, deb.Directory, deb.Action));
        Assert.StartsWith("/pool/", deb.TargetPath, StringComparison.Ordinal);
        Assert.Equal("/releases/prod/1.0/notes.txt", plan.Single("prod/1.0/notes.txt").TargetPath);
    }

    [Fact]
    public void Plan_TwoFilesSameTarget_FirstUploadsIdenticalSkippedDifferentFails()
    {
        using var tree = new TempDir();
        tree.Write("a/x.txt", "same");
        tree.Write("b/x.txt", "same");
        tree.Write("c/x.txt", "other");
        var routing = PlanTree.Routing("""{"rules":[{"match":"**","repository":"raw-h","directory":"flat"}]}""");

        var plan = PlanTree.Plan(tree.Path, routing);

        Assert.Equal(PlanAction.Upload, plan.Single("a/x.txt").Action);
        Assert.Equal(PlanAction.Skip, plan.Single("b/x.txt").Action);
        Assert.Equal(PlanAction.Fail, plan.Single("c/x.txt").Action);
        Assert.Contains("a/x.txt", plan.Single("c/x.txt").Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_IncludeExcludeAndHidden_KeepOnlyWhatIsAsked()
    {
        using var tree = new TempDir();
        tree.Write("a/keep.txt", "1");
        tree.Write("a/skip.tmp", "2");
        tree.Write("b/keep.txt", "3");
        tree.Write(".git/config", "4");
        tree.Write("a/.hidden.txt", "5");
        tree.Write(".well-known/security.txt", "6");
        var scan = new ScanOptions { Include = ["**/*.txt", ".well-known/**"], Exclude = ["b/**"] };

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h")), scan);

        Assert.Equal([".well-known/security.txt", "a/keep.txt"], plan.Select(i => i.DisplayPath).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plan_HiddenFilesWithoutInclude_AreLeftOut()
    {
        using var tree = new TempDir();
        tree.Write("visible.txt", "1");
        tree.Write(".env", "secret");
        tree.Write(".cache/blob", "2");

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h")));

        Assert.Equal("visible.txt", Assert.Single(plan).DisplayPath);
    }

    [Fact]
    public void Plan_UnicodeSpacesHashPercent_KeptVerbatimInTargetPath()
    {
        using var tree = new TempDir();
        tree.Write("Ünïcode dir/файл #1 100%.txt", "u");

        var item = Assert.Single(PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h"))));

        Assert.Equal((PlanAction.Upload, "/Ünïcode dir/файл #1 100%.txt"), (item.Action, item.TargetPath));
    }

    [Fact]
    public void Plan_BackslashInFileOrDirectoryName_NeverReachesANexusPath()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "A backslash is a separator on Windows, so such names cannot exist there.");
        using var tree = new TempDir();
        tree.Write("dir/win\\style.txt", "1");
        tree.Write("odd\\dir/file.txt", "2");
        tree.Write("fine/file.txt", "3");

        var plan = PlanTree.Plan(tree.Path, PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h")));

        Assert.Equal(3, plan.Count);
        Assert.All(plan.Where(i => i.DisplayPath != "fine/file.txt"), i => Assert.Equal((PlanAction.Fail, null), (i.Action, i.TargetPath)));
        Assert.DoesNotContain(plan, i => i.TargetPath?.Contains('\\', StringComparison.Ordinal) == true || i.Directory?.Contains('\\', StringComparison.Ordinal) == true && i.Action == PlanAction.Upload);
    }

    [Fact]
    public void Routing_TemplateMakingDotDotSegment_StopsAtLoadInsteadOfFailingEveryFile()
    {
        var error = Assert.Throws<UsageException>(() => PlanTree.Routing("""{"rules":[{"match":"*.txt","repository":"raw-h","directory":"a/../{dir}"}]}"""));

        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.ExitCode);
    }

    [Fact]
    public void PlanOne_FileGoneOrUnreadable_FailsWithReasonInsteadOfThrowing()
    {
        var planner = new SyncPlanner(PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h")));

        var item = planner.PlanOne(new ScanEntry("/nonexistent/nexus-push/gone.txt", "gone.txt", 1, default));

        Assert.Equal(PlanAction.Fail, item.Action);
        Assert.StartsWith("cannot read:", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PlanOne_ScanProblem_BecomesFailedItem()
    {
        var planner = new SyncPlanner(PlanTree.Routing(null, (ArtifactFormat.Raw, "raw-h")));

        var item = planner.PlanOne(ScanEntry.Unreadable("/x/locked", "locked/", "cannot list directory: Permission denied"));

        Assert.Equal((PlanAction.Fail, "cannot list directory: Permission denied"), (item.Action, item.Reason));
    }
}
