using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NexusPush.Formats;
using NexusPush.Reporting;
using NexusPush.Runs;

namespace NexusPush.Tests.Reporting;

/// <summary>
/// <see cref="TextReport"/> and <see cref="JsonReport"/> on their own: the line and the JSON item each action
/// becomes, and the closing totals. End-to-end runs check the same through the CLI (Cli/, ReportSchemaTests).
/// </summary>
public sealed class ReportRenderingTests
{
    private static readonly PlanItem Item = new()
    {
        LocalPath = "/work/out/app.tgz",
        DisplayPath = "out/app.tgz",
        FileName = "app.tgz",
        Length = 2048,
        Format = ArtifactFormat.Raw,
        Repository = "raw-h",
        Directory = "/drop",
        TargetPath = "/drop/app.tgz",
    };

    [Theory]
    [InlineData("uploaded", null, "uploaded  out/app.tgz -> raw-h/drop/app.tgz")]
    [InlineData("skipped", "identical", "skipped   out/app.tgz -> raw-h/drop/app.tgz (identical)")]
    [InlineData("failed", "409 conflict", "failed    out/app.tgz -> raw-h/drop/app.tgz (409 conflict)")]
    [InlineData("fallback", "saved to /fb/app.tgz", "fallback  out/app.tgz -> raw-h/drop/app.tgz (saved to /fb/app.tgz)")]
    [InlineData("planned", "absent", "planned   out/app.tgz -> raw-h/drop/app.tgz (absent)")]
    [InlineData("deferred", "not started", "deferred  out/app.tgz -> raw-h/drop/app.tgz (not started)")]
    public void TextReport_EachAction_OneLineWithTargetAndReason(string name, string? reason, string expected)
    {
        var action = Enum.Parse<ItemAction>(name, ignoreCase: true);
        using var output = new StringWriter();

        new TextReport(output, showSkipped: true).ItemFinished(new ItemResult(Item, action, reason));

        Assert.Equal(expected + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void TextReport_RunWideCause_ShortLineFromTheFieldsWhateverTheReasonSays()
    {
        using var output = new StringWriter();
        var report = new TextReport(output, showSkipped: false);
        const string cause = "Nexus at nexus.test:8081 unreachable";

        // Reasons worded unlike any sentence of the breaker or the fallback folder: the line comes from the fields.
        report.ItemFinished(new ItemResult(Item, ItemAction.Failed, "The server went away for good.") { RunWideCause = cause });
        report.ItemFinished(new ItemResult(Item, ItemAction.Fallback, "The server went away; kept in /fb.") { RunWideCause = cause, FallbackPath = "/fb/app.tgz" });
        report.ItemFinished(new ItemResult(Item, ItemAction.Failed, "The server went away; no copy either.")
        {
            RunWideCause = cause,
            FallbackCopyFailure = "The copy to the fallback folder /fb failed too (disk full); the file is still at /work/out/app.",
        });

        Assert.Equal(
            [
                "failed    out/app.tgz -> raw-h/drop/app.tgz (Nexus at nexus.test:8081 unreachable, see above)",
                "fallback  out/app.tgz -> raw-h/drop/app.tgz (saved to /fb/app.tgz)",
                "failed    out/app.tgz -> raw-h/drop/app.tgz (Nexus at nexus.test:8081 unreachable, see above; The copy to the fallback folder /fb failed too (disk full); the file is still at /work/out/app.)",
                string.Empty,
            ],
            output.ToString().Split(Environment.NewLine));
    }

    [Theory]
    [InlineData("Nexus unreachable: nexus.test stayed unreachable through 3 status checks over 60 s; the remaining files were not tried.")]
    [InlineData("Nexus unreachable: x. Saved to /fb/app.tgz for 'nexus-push replay'.")]
    public void TextReport_ReasonThatOnlyLooksLikeTheRunWideCause_ShownInFull(string reason)
    {
        using var output = new StringWriter();

        new TextReport(output, showSkipped: false).ItemFinished(new ItemResult(Item, ItemAction.Failed, reason));

        Assert.Equal($"failed    out/app.tgz -> raw-h/drop/app.tgz ({reason})" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void TextReport_Unrouted_HasNoTarget()
    {
        using var output = new StringWriter();

        new TextReport(output, showSkipped: false).ItemFinished(new ItemResult(Item with { Repository = null, TargetPath = null }, ItemAction.Unrouted, "no repository for raw"));

        Assert.Equal("unrouted  out/app.tgz (no repository for raw)" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void TextReport_SkippedWithoutShowSkipped_WritesNothing()
    {
        using var output = new StringWriter();

        new TextReport(output, showSkipped: false).ItemFinished(new ItemResult(Item, ItemAction.Skipped, "identical"));

        Assert.Empty(output.ToString());
    }

    [Fact]
    public void TextReport_RunFinished_CountsEveryActionThatHappenedAndTheAlwaysShownOnes()
    {
        using var output = new StringWriter();
        var summary = new RunSummary();
        summary.Add(new ItemResult(Item, ItemAction.Uploaded));
        summary.Add(new ItemResult(Item, ItemAction.Fallback, "saved"));

        new TextReport(output, showSkipped: false).RunFinished(summary);

        var first = output.ToString().Split(Environment.NewLine)[0];
        Assert.StartsWith("2 files: 1 uploaded, 0 skipped, 0 failed, 1 fallback; 2.0 KiB uploaded in ", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("uploaded", true)]
    [InlineData("skipped", true)]
    [InlineData("planned", true)]
    [InlineData("failed", false)]
    [InlineData("fallback", false)]
    [InlineData("unrouted", false)]
    [InlineData("deferred", false)]
    public void JsonReport_EachAction_ItemFieldsAndADownloadUrlOnlyForWhatNexusHolds(string name, bool hasDownloadUrl)
    {
        var action = Enum.Parse<ItemAction>(name, ignoreCase: true);
        using var output = new StringWriter();
        var run = new RunInfo("upload", ["upload"], new FakeTimeProvider()) { NexusUrl = "http://nexus.test/" };
        var report = new JsonReport(output, run: run);

        report.ItemFinished(new ItemResult(Item, action, "why", Sha256: "ab12", Attempts: 2) { FallbackPath = action == ItemAction.Fallback ? "/fb/app.tgz" : null });
        var summary = new RunSummary();
        summary.Add(new ItemResult(Item, action));
        report.RunFinished(summary);

        using var document = JsonDocument.Parse(output.ToString());
        var item = Assert.Single(document.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(ReportNames.Of(action), item.GetProperty("action").GetString());
        Assert.Equal("out/app.tgz", item.GetProperty("file").GetString());
        Assert.Equal("raw-h", item.GetProperty("repository").GetString());
        Assert.Equal("/drop/app.tgz", item.GetProperty("path").GetString());
        Assert.Equal("why", item.GetProperty("reason").GetString());
        Assert.Equal("ab12", item.GetProperty("sha256").GetString());
        Assert.Equal(2048, item.GetProperty("bytes").GetInt64());
        Assert.Equal(2, item.GetProperty("attempts").GetInt32());
        Assert.Equal(hasDownloadUrl ? "http://nexus.test/repository/raw-h/drop/app.tgz" : null, item.GetProperty("downloadUrl").GetString());
        Assert.Equal(action == ItemAction.Fallback ? "/fb/app.tgz" : null, item.GetProperty("fallbackPath").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("totals").GetProperty(ReportNames.Of(action)).GetInt32());
        Assert.Equal(summary.ExitCode, document.RootElement.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public void JsonReport_RunWideCauseAndCopyFailure_TheirOwnFieldsBesideTheFullReason()
    {
        using var output = new StringWriter();
        var report = new JsonReport(output, run: new RunInfo("upload", ["upload"], new FakeTimeProvider()));

        report.ItemFinished(new ItemResult(Item, ItemAction.Failed, "full reason") { RunWideCause = "Nexus at h unreachable", FallbackCopyFailure = "The copy failed" });
        report.ItemFinished(new ItemResult(Item, ItemAction.Failed, "409 conflict"));
        report.RunFinished(new RunSummary());

        using var document = JsonDocument.Parse(output.ToString());
        var items = document.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal("full reason", items[0].GetProperty("reason").GetString());
        Assert.Equal("Nexus at h unreachable", items[0].GetProperty("runWideCause").GetString());
        Assert.Equal("The copy failed", items[0].GetProperty("fallbackCopyFailure").GetString());
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("runWideCause").ValueKind);
        Assert.Equal(JsonValueKind.Null, items[1].GetProperty("fallbackCopyFailure").ValueKind);
    }

    [Fact]
    public void JsonReport_EndedBeforeAnyItem_IsStillOneDocumentWithNullTotals()
    {
        using var output = new StringWriter();
        var report = new JsonReport(output, endsAtRunFinished: false, run: new RunInfo("upload", [], new FakeTimeProvider()));

        report.End(2, "no such file");
        report.End(2, "ignored: already ended");

        using var document = JsonDocument.Parse(output.ToString());
        Assert.Empty(document.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("totals").ValueKind);
        Assert.Equal("no such file", document.RootElement.GetProperty("error").GetString());
    }
}
