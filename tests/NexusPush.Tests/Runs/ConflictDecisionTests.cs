using NexusPush.Nexus;
using NexusPush.Runs;

namespace NexusPush.Tests.Runs;

/// <summary>The one identical-or-conflict decision that planning (a dry run) and uploading share.</summary>
public sealed class ConflictDecisionTests
{
    private const string Where = "files/a/b.txt";
    private const string Local = "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8";
    private const string Other = "0000000000000000000000000000000000000000";

    [Theory]
    [InlineData("Fail")]
    [InlineData("Skip")]
    [InlineData("Overwrite")]
    public void EqualSha1_IsIdentical_UnderEveryPolicy(string name)
    {
        var policy = Enum.Parse<ConflictPolicy>(name);
        var decision = ConflictDecision.Decide(Where, Local.ToUpperInvariant(), Local, policy, WritePolicies.UnknownHint);

        Assert.Equal(new Decision(Verdict.Identical, "identical"), decision);
    }

    [Fact]
    public void DifferentBytes_Fail_NamesBothChecksumsAndTheHint()
    {
        var decision = ConflictDecision.Decide(Where, Other, Local, ConflictPolicy.Fail, WritePolicies.UnknownHint);

        Assert.Equal(Verdict.Fail, decision.Verdict);
        Assert.Equal($"files/a/b.txt already holds different content (Nexus SHA-1 {Other}, local SHA-1 {Local}){WritePolicies.UnknownHint}", decision.Reason);
    }

    [Fact]
    public void DifferentBytes_Skip_KeepsNexusCopy()
    {
        var decision = ConflictDecision.Decide(Where, Other, Local, ConflictPolicy.Skip, WritePolicies.UnknownHint);

        Assert.Equal(Verdict.Skip, decision.Verdict);
        Assert.Equal($"files/a/b.txt already holds different content (Nexus SHA-1 {Other}, local SHA-1 {Local}); kept Nexus's copy (--on-conflict skip)", decision.Reason);
    }

    [Fact]
    public void DifferentBytes_Overwrite_Uploads()
    {
        Assert.Equal(new Decision(Verdict.Upload, null), ConflictDecision.Decide(Where, Other, Local, ConflictPolicy.Overwrite, WritePolicies.UnknownHint));
    }

    [Theory]
    [InlineData("Fail")]
    [InlineData("Skip")]
    public void NoChecksum_CannotCompare_NeverSkippedNorAConflict(string name)
    {
        var policy = Enum.Parse<ConflictPolicy>(name);
        var decision = ConflictDecision.Decide(Where, null, Local, policy, WritePolicies.UnknownHint);

        Assert.Equal(Verdict.CannotCompare, decision.Verdict);
        Assert.StartsWith("cannot compare: Nexus holds files/a/b.txt", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("--on-conflict overwrite", decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("already holds different content", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NoChecksum_Overwrite_Uploads()
    {
        Assert.Equal(Verdict.Upload, ConflictDecision.Decide(Where, null, Local, ConflictPolicy.Overwrite, WritePolicies.UnknownHint).Verdict);
    }

    [Theory]
    [InlineData("ALLOW_ONCE")]
    [InlineData("DENY")]
    [InlineData("allow_once")]
    public void DifferentBytes_InARepositoryThatDoesNotAllowRedeploy_SaysBumpTheVersion(string policy)
    {
        var policies = new WritePolicies();
        policies.Record("files", policy);

        var decision = ConflictDecision.Decide(Where, Other, Local, ConflictPolicy.Fail, policies.ConflictHint("files"));

        Assert.EndsWith("; bump the version, or use --on-conflict skip to keep Nexus's copy (the repository does not allow redeploy)", decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("overwrite", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DifferentBytes_InAnAllowRepository_OffersOverwrite()
    {
        var policies = new WritePolicies();
        policies.Record("files", "ALLOW");

        var decision = ConflictDecision.Decide(Where, Other, Local, ConflictPolicy.Fail, policies.ConflictHint("files"));

        Assert.EndsWith(WritePolicies.AllowHint, decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Fail", "Fail")]
    [InlineData("Overwrite", "Fail")]
    [InlineData("Skip", "Skip")]
    public void AfterAnAllowOnceRefusal_OverwriteIsNoLongerPossible(string asked, string left)
    {
        Assert.Equal(Enum.Parse<ConflictPolicy>(left), ConflictDecision.AfterRefusal(Enum.Parse<ConflictPolicy>(asked)));
    }

    [Fact]
    public void AfterAnAllowOnceRefusal_DifferentBytes_FailSayingRedeployIsNotAllowed()
    {
        var decision = ConflictDecision.Decide(Where, Other, Local, ConflictDecision.AfterRefusal(ConflictPolicy.Overwrite), ConflictDecision.RefusedHint(400));

        Assert.Equal(Verdict.Fail, decision.Verdict);
        Assert.Equal($"files/a/b.txt already holds different content (Nexus SHA-1 {Other}, local SHA-1 {Local}), and the repository does not allow redeploy (400, write policy ALLOW_ONCE); bump the version or delete the stored asset first", decision.Reason);
    }

    [Fact]
    public void AfterAnAllowOnceRefusal_IdenticalBytes_AreIdenticalNotBumpTheVersion()
    {
        var decision = ConflictDecision.Decide(Where, Local, Local, ConflictDecision.AfterRefusal(ConflictPolicy.Fail), ConflictDecision.RefusedHint(409, "package"));

        Assert.Equal(new Decision(Verdict.Identical, "identical"), decision);
    }

    [Fact]
    public void Verification_EqualSha1IsProof_OtherwiseNamesBoth()
    {
        Assert.Null(ConflictDecision.VerificationFailure("/a/b.txt", Local.ToUpperInvariant(), Local));
        Assert.Equal($"verification failed: Nexus holds SHA-1 {Other} at /a/b.txt, the file sent has {Local}", ConflictDecision.VerificationFailure("/a/b.txt", Other, Local));
    }
}
