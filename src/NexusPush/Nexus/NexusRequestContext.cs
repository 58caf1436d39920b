namespace NexusPush.Nexus;

/// <summary>What a request was for, so an error can name the repository, the path and the user involved.</summary>
internal sealed record NexusRequestContext(string Host, string? Repository = null, string? Path = null, string? Username = null, bool IsUpload = false)
{
    public string RepositoryText => Repository is null ? "the repository" : $"repository '{Repository}'";

    public string UserText => Username is null ? "anonymous access" : $"user '{Username}'";
}
