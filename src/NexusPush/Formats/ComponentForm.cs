namespace NexusPush.Formats;

/// <summary>
/// The multipart form of one component upload, as data: which part carries the file, under which part file name,
/// and the text fields. Field names are exactly Nexus's (nexus-contract.md §2.2); every part is prefixed with the format
/// id (§2.1) and the file part always has a filename (§2.1).
/// </summary>
internal sealed record ComponentForm(string FilePart, string PartFileName, IReadOnlyList<KeyValuePair<string, string>> Fields)
{
    /// <param name="format">The repository's format.</param>
    /// <param name="fileName">The stored file name (raw and yum), also used as the part's filename (pypi stores it).</param>
    /// <param name="directory">raw: <c>raw.directory</c> (required by Nexus, "/" for the root); yum: <c>yum.directory</c> (optional).</param>
    public static ComponentForm For(ArtifactFormat format, string fileName, string? directory)
    {
        var id = format.NexusId();
        return format switch
        {
            // §2.2: raw.directory is a required component field; raw.asset1.filename is required per asset.
            ArtifactFormat.Raw => new($"{id}.asset1", fileName, [
                new($"{id}.directory", string.IsNullOrEmpty(directory) ? "/" : directory),
                new($"{id}.asset1.filename", fileName)]),

            // §2.2: yum.asset.filename names the stored file; yum.directory is optional (root when absent).
            ArtifactFormat.Yum => new($"{id}.asset", fileName, string.IsNullOrEmpty(directory)
                ? [new($"{id}.asset.filename", fileName)]
                : [new($"{id}.directory", directory), new($"{id}.asset.filename", fileName)]),

            // §2.2, §2.3: Nexus's npm handler refuses a part filename not ending in .tgz (500), even for a valid tarball.
            ArtifactFormat.Npm => new($"{id}.asset", NpmFileName(fileName), []),

            // §2.2: apt, pypi, nuget, helm take the file alone; Nexus reads everything else from the package.
            _ => new($"{id}.asset", fileName, []),
        };
    }

    private static string NpmFileName(string fileName) =>
        fileName.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) ? fileName
        : fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) ? fileName[..^".tar.gz".Length] + ".tgz"
        : fileName + ".tgz";
}
