using System.IO.Compression;
using System.Text;
using NexusPush.Tests.Support;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace NexusPush.Tests.IndexWait;

/// <summary>
/// Index files in the published formats, served by WireMock: an apt <c>Packages</c> file (Debian repository format)
/// and createrepo's <c>repomd.xml</c> + gzipped primary metadata.
/// </summary>
internal static class IndexFixtures
{
    public static string PackagesStanza(string package, string version, string arch, string? filename = null) => $"""
        Package: {package}
        Version: {version}
        Architecture: {arch}
        Maintainer: Build <build@example.com>
        Filename: {filename ?? $"pool/{package[0]}/{package}/{package}_{version}_{arch}.deb"}
        Size: 1234
        SHA256: 0000000000000000000000000000000000000000000000000000000000000000
        Description: a test package
         with a continuation line
         .
         and a paragraph break

        """;

    public static string Repomd(string primaryHref) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <repomd xmlns="http://linux.duke.edu/metadata/repo" xmlns:rpm="http://linux.duke.edu/metadata/rpm">
          <revision>1700000000</revision>
          <data type="filelists"><location href="repodata/abc-filelists.xml.gz"/></data>
          <data type="primary">
            <checksum type="sha256">abc</checksum>
            <location href="{primaryHref}"/>
            <timestamp>1700000000</timestamp>
          </data>
        </repomd>
        """;

    public static byte[] PrimaryGz(params (string Name, string Ver, string Rel, string Arch, string Href)[] packages)
    {
        var xml = new StringBuilder($"""<?xml version="1.0" encoding="UTF-8"?>{"\n"}<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="{packages.Length}">{"\n"}""");
        foreach (var p in packages)
        {
            xml.Append($"""
                <package type="rpm">
                  <name>{p.Name}</name>
                  <arch>{p.Arch}</arch>
                  <version epoch="0" ver="{p.Ver}" rel="{p.Rel}"/>
                  <checksum type="sha256" pkgid="YES">abc</checksum>
                  <summary>test</summary>
                  <location href="{p.Href}"/>
                  <format><rpm:license>MIT</rpm:license><rpm:provides><rpm:entry name="{p.Name}"/></rpm:provides></format>
                </package>

                """);
        }

        xml.Append("</metadata>\n");
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(xml.ToString()));
        }

        return buffer.ToArray();
    }

    public static void Serve(this NexusFake fake, string repository, string path, string body) =>
        fake.Server.Given(Request.Create().WithPath($"/repository/{repository}{path}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(body));

    public static void Serve(this NexusFake fake, string repository, string path, byte[] body) =>
        fake.Server.Given(Request.Create().WithPath($"/repository/{repository}{path}").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(body));

    /// <summary>Absent for the first <paramref name="missing"/> reads, then <paramref name="body"/>: Nexus rebuilding the index a little later.</summary>
    public static void ServeAfter(this NexusFake fake, string repository, string path, int missing, string body)
    {
        var scenario = $"index {repository}{path}";
        for (var i = 0; i < missing; i++)
        {
            var given = fake.Server.Given(Request.Create().WithPath($"/repository/{repository}{path}").UsingGet()).InScenario(scenario);
            given = i == 0 ? given : given.WhenStateIs($"read {i}");
            given.WillSetStateTo($"read {i + 1}").RespondWith(Response.Create().WithStatusCode(404));
        }

        fake.Server.Given(Request.Create().WithPath($"/repository/{repository}{path}").UsingGet()).InScenario(scenario).WhenStateIs($"read {missing}")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody(body));
    }
}
