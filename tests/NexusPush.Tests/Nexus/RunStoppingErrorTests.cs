using NexusPush.Nexus;

namespace NexusPush.Tests.Nexus;

/// <summary>
/// The one mapping from a failed request to the error that stops a run: which kinds stop it, with which exit code,
/// and that the operator's sentence is the request's own.
/// </summary>
public sealed class RunStoppingErrorTests
{
    public static TheoryData<string, int?> EveryKind() => new()
    {
        { nameof(NexusFailureKind.Unreachable), null },
        { nameof(NexusFailureKind.Timeout), null },
        { nameof(NexusFailureKind.ServerError), null },
        { nameof(NexusFailureKind.Auth), ExitCodes.AuthRefused },
        { nameof(NexusFailureKind.Configuration), ExitCodes.Usage },
        { nameof(NexusFailureKind.Tls), ExitCodes.Usage },
        { nameof(NexusFailureKind.Conflict), null },
        { nameof(NexusFailureKind.Rejected), null },
        { nameof(NexusFailureKind.License), null },
        { nameof(NexusFailureKind.UsageLimit), null },
    };

    [Fact]
    public void EveryKind_IsListedHere()
    {
        var listed = EveryKind().Select(row => Enum.Parse<NexusFailureKind>(row.Data.Item1)).ToHashSet();

        Assert.Equal(Enum.GetValues<NexusFailureKind>().ToHashSet(), listed);
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void RunStoppingError_StopsTheRunOnlyForAuthConfigurationAndTls(string kind, int? expected)
    {
        var failure = new NexusRequestException(Enum.Parse<NexusFailureKind>(kind), "Nexus said no.", 400);

        var error = failure.RunStoppingError();

        Assert.Equal(expected, error?.ExitCode);
        if (error is not null)
        {
            Assert.Equal("Nexus said no.", error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void AsRunError_EveryKindStops_CredentialsWith3_TheRestWith2(string kind, int? stopping)
    {
        var failure = new NexusRequestException(Enum.Parse<NexusFailureKind>(kind), "Nexus said no.", 400);

        var error = failure.AsRunError();

        Assert.Equal(stopping ?? ExitCodes.Usage, error.ExitCode);
        Assert.Equal(kind == nameof(NexusFailureKind.Auth) ? ExitCodes.AuthRefused : ExitCodes.Usage, error.ExitCode);
        Assert.Equal("Nexus said no.", error.Message);
    }
}
