using System.Text;
using System.Xml;
using NexusPush.Formats;

namespace NexusPush.ClientConfig;

/// <summary>
/// The client side of each format (docs/nexus-contract.md §10), as files a client machine installs. Credentials
/// appear only as placeholders (USERNAME, PASSWORD): the real ones belong to the client's own secret store.
/// </summary>
internal static class ClientFiles
{
    /// <summary>Where Debian 12 and Ubuntu 22.04 keep third-party keyrings for <c>Signed-By</c>.</summary>
    public const string KeyringDirectory = "/etc/apt/keyrings";

    public static IReadOnlyList<ClientFile> For(ClientRepository repository) => repository.Format switch
    {
        ArtifactFormat.Apt => Apt(repository),
        ArtifactFormat.Yum => [Yum(repository)],
        ArtifactFormat.PyPi => [Pip(repository)],
        ArtifactFormat.Npm => [Npm(repository)],
        ArtifactFormat.NuGet => [NuGet(repository)],
        ArtifactFormat.Helm => [ClientFile.Text($"{repository.Name}.helm.txt", "(run it)", $"helm repo add {repository.Name} {repository.Url}/{AuthFlags(repository, " --username USERNAME --password-stdin")}\n")],
        _ => [Raw(repository)],
    };

    private static List<ClientFile> Apt(ClientRepository r)
    {
        var keyring = $"{KeyringDirectory}/{r.Name}.gpg";
        var files = new List<ClientFile>
        {
            new($"{r.Name}.gpg", keyring, r.PublicKey!, IsText: false),
            ClientFile.Text($"{r.Name}.sources", $"/etc/apt/sources.list.d/{r.Name}.sources", $"""
                Types: deb
                URIs: {r.Url}
                Suites: {r.Distribution}
                Components: main
                Signed-By: {keyring}

                """),
            ClientFile.Text($"{r.Name}.list", $"/etc/apt/sources.list.d/{r.Name}.list (instead of the .sources file)", $"deb [signed-by={keyring}] {r.Url} {r.Distribution} main\n"),
        };
        if (r.AnonymousRead != true)
        {
            var host = new Uri(r.Url);
            files.Add(ClientFile.Text($"{r.Name}.auth.conf", $"/etc/apt/auth.conf.d/{r.Name}.conf (mode 0600, owner root)", $"""
                # {Why(r)} apt reads credentials from /etc/apt/auth.conf.d/, never from the sources file.
                machine {host.Authority}{host.AbsolutePath}
                login USERNAME
                password PASSWORD

                """, isPrivate: true));
        }

        return files;
    }

    private static ClientFile Yum(ClientRepository r)
    {
        // The repodata sits repodataDepth folders below the repository root, so baseurl points at that depth.
        string[] segments = ["$releasever", "$basearch", "FOLDER3", "FOLDER4", "FOLDER5"];
        var depth = string.Concat(segments.Take(r.RepodataDepth).Select(s => s + "/"));
        var text = new StringBuilder()
            .Append('[').Append(r.Name).Append("]\n")
            .Append("name=").Append(r.Name).Append(" (Nexus)\n")
            .Append("baseurl=").Append(r.Url).Append('/').Append(depth).Append('\n');
        if (r.RepodataDepth > 0)
        {
            text.Append($"# repodataDepth {r.RepodataDepth}: repodata is {r.RepodataDepth} folder(s) below the repository root; replace the path segments above with the folders the packages are uploaded to.\n");
        }

        text.Append("enabled=1\n")
            .Append("# Hosted yum repositories cannot sign their repodata, so repo_gpgcheck stays 0. Set gpgcheck=1 and\n")
            .Append("# gpgkey=<URL of the builder's public key> when the RPMs are signed by the build.\n")
            .Append("gpgcheck=0\n")
            .Append("repo_gpgcheck=0\n");
        if (r.AnonymousRead != true)
        {
            text.Append("# ").Append(Why(r)).Append('\n').Append("username=USERNAME\npassword=PASSWORD\n");
        }

        return ClientFile.Text($"{r.Name}.repo", $"/etc/yum.repos.d/{r.Name}.repo", text.ToString(), isPrivate: r.AnonymousRead != true);
    }

    private static ClientFile Pip(ClientRepository r)
    {
        var auth = r.AnonymousRead == true ? string.Empty : $"# {Why(r)} Put the credentials in ~/.netrc (machine {new Uri(r.Url).Host} login USERNAME password PASSWORD) or a keyring.\n";
        return ClientFile.Text($"{r.Name}.pip.conf", "/etc/pip.conf or ~/.config/pip/pip.conf", $"{auth}[global]\nindex-url = {r.Url}/simple\n");
    }

    private static ClientFile Npm(ClientRepository r)
    {
        var uri = new Uri(r.Url);
        var auth = r.AnonymousRead == true ? string.Empty : $"# {Why(r)} _auth is base64 of USERNAME:PASSWORD.\n//{uri.Authority}{uri.AbsolutePath}/:_auth=BASE64_USERNAME_COLON_PASSWORD\n";
        return ClientFile.Text($"{r.Name}.npmrc", "~/.npmrc or the project's .npmrc", $"registry={r.Url}/\n{auth}", isPrivate: r.AnonymousRead != true);
    }

    /// <summary>
    /// A nuget.config written by an XmlWriter, which escapes every value. A source key becomes the element name of its
    /// credentials, which XML allows only when encoded (<c>3rdparty</c> is <c>_x0033_rdparty</c>): NuGet reads that
    /// element name decoded. <c>&lt;clear/&gt;</c> keeps the machine's and user's other sources out
    /// (docs/nexus-contract.md §10).
    /// </summary>
    private static ClientFile NuGet(ClientRepository r)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("configuration");
            xml.WriteStartElement("packageSources");
            xml.WriteComment(" <clear/>: only the source below is used, not the sources of the machine's or user's other nuget.config files. ");
            xml.WriteStartElement("clear");
            xml.WriteEndElement();
            var insecure = new Uri(r.Url).Scheme == Uri.UriSchemeHttp;
            if (insecure)
            {
                xml.WriteComment(" This Nexus is http://: dotnet restore refuses an http:// source unless it allows insecure connections (NU1302). Packages and credentials travel unencrypted; prefer an https:// URL. ");
            }

            xml.WriteStartElement("add");
            xml.WriteAttributeString("key", r.Name);
            xml.WriteAttributeString("value", $"{r.Url}/index.json");
            xml.WriteAttributeString("protocolVersion", "3");
            if (insecure)
            {
                xml.WriteAttributeString("allowInsecureConnections", "true");
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
            if (r.AnonymousRead != true)
            {
                xml.WriteStartElement("packageSourceCredentials");
                xml.WriteComment($" {Why(r)} ");
                xml.WriteStartElement(XmlConvert.EncodeLocalName(r.Name));
                foreach (var (key, value) in new[] { ("Username", "USERNAME"), ("ClearTextPassword", "PASSWORD") })
                {
                    xml.WriteStartElement("add");
                    xml.WriteAttributeString("key", key);
                    xml.WriteAttributeString("value", value);
                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        buffer.WriteByte((byte)'\n');
        return new ClientFile($"{r.Name}.nuget.config", "nuget.config next to the solution", buffer.ToArray(), IsText: true, Private: r.AnonymousRead != true);
    }

    private static ClientFile Raw(ClientRepository r) =>
        ClientFile.Text($"{r.Name}.raw.txt", "(a URL prefix)", $"""
            # Files in raw repository {r.Name} are served under this prefix, at the path they were uploaded to:
            {r.Url}/
            # e.g. curl -fO{AuthFlags(r, " -u USERNAME")} {r.Url}/path/to/file

            """);

    private static string AuthFlags(ClientRepository r, string flags) => r.AnonymousRead == true ? string.Empty : flags;

    private static string Why(ClientRepository r) => r.AnonymousRead == false
        ? "Anonymous read is off on this Nexus: clients need credentials (USERNAME/PASSWORD are placeholders)."
        : "If anonymous read is off, clients need credentials (USERNAME/PASSWORD are placeholders).";
}
