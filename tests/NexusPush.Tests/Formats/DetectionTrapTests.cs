using System.IO.Compression;
using System.Text;
using NexusPush.Formats;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Formats;

/// <summary>The traps peer tools fall into : extension-only routing and fake packages.</summary>
public sealed class DetectionTrapTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("tools/deploy.py", "#!/usr/bin/env python3\nprint('deploy')\n")]
    [InlineData("SHA256SUMS", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a.deb\n")]
    [InlineData("build.log", "ok\n")]
    [InlineData("manual.pdf", "%PDF-1.4\n%%EOF\n")]
    [InlineData("empty.txt", "")]
    public void Detect_PlainFiles_AreRaw(string name, string content)
    {
        Assert.Equal(Detection.Raw, FormatDetector.Detect(_dir.Write(name, content)));
    }

    [Fact]
    public void Detect_CompiledPython_IsRaw()
    {
        Assert.Equal(Detection.Raw, FormatDetector.Detect(_dir.Write("mod.cpython-312.pyc", [0xCB, 0x0D, 0x0D, 0x0A, 0, 0, 0, 0])));
    }

    [Theory]
    [InlineData("not-really.deb", "this is a text file", "not an ar archive")]
    [InlineData("empty.deb", "", "the file is empty")]
    [InlineData("fake.rpm", "#!/bin/sh\n", "not an RPM file")]
    [InlineData("fake.whl", "PKG", "not a zip archive")]
    [InlineData("fake.nupkg", "<xml/>", "not a zip archive")]
    public void Detect_ExtensionClaimsFormatContentDoesNot_IsInvalidWithReason(string name, string content, string reason)
    {
        var detection = FormatDetector.Detect(_dir.Write(name, content));

        Assert.True(detection.IsInvalid);
        Assert.Equal(FormatFacts.ClaimedBy(name), detection.Format);
        Assert.Contains(reason, detection.InvalidReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_StaticLibraryArchive_IsRawNotApt()
    {
        var archive = "!<arch>\n"u8.ToArray().Concat(ArHeader("foo.o", 2)).Concat("\0\0"u8.ToArray()).ToArray();

        Assert.Equal(Detection.Raw, FormatDetector.Detect(_dir.Write("libfoo.a", archive)));
    }

    [Fact]
    public void Detect_ArArchiveNamedDeb_SaysFirstMemberIsWrong()
    {
        var archive = "!<arch>\n"u8.ToArray().Concat(ArHeader("foo.o", 2)).Concat("\0\0"u8.ToArray()).ToArray();

        var detection = FormatDetector.Detect(_dir.Write("fake.deb", archive));

        Assert.Equal(Detection.Invalid(ArtifactFormat.Apt, "the first ar member is 'foo.o', not 'debian-binary'"), detection);
    }

    [Theory]
    [InlineData("control.tar.gz", "Package: a\nArchitecture: all\n", "the control file has no Version field")] // Nexus answers 500 (§2.3 apt)
    [InlineData("control.tar.bz2", "Package: a\n", "unsupported control member 'control.tar.bz2'")]
    public void Detect_DebWithBadControl_IsInvalidNamingTheProblem(string member, string control, string reason)
    {
        var tar = TarBuilder.Tar(("./control", Encoding.UTF8.GetBytes(control)));
        var controlBytes = member.EndsWith(".gz", StringComparison.Ordinal) ? TarBuilder.Gzip(tar) : tar;
        var deb = ArArchive(("debian-binary", "2.0\n"u8.ToArray()), (member, controlBytes), ("data.tar.gz", TarBuilder.Gzip(TarBuilder.Tar())));

        Assert.Equal(Detection.Invalid(ArtifactFormat.Apt, reason), FormatDetector.Detect(_dir.Write("a.deb", deb)));
    }

    [Fact]
    public void Detect_DebWithoutDataMember_IsInvalid()
    {
        var deb = ArArchive(("debian-binary", "2.0\n"u8.ToArray()), ("control.tar", TarBuilder.Tar(("./control", "Package: a\nVersion: 1\nArchitecture: all\n"u8.ToArray()))));

        Assert.Equal(Detection.Invalid(ArtifactFormat.Apt, "no data.tar member in the .deb (truncated?)"), FormatDetector.Detect(_dir.Write("a.deb", deb)));
    }

    [Fact]
    public void Detect_WheelWithoutMetadata_IsInvalid()
    {
        var path = WriteZip("nometa-1.0-py3-none-any.whl", ("nometa/__init__.py", ""), ("nometa-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\n"));

        Assert.Equal(Detection.Invalid(ArtifactFormat.PyPi, "no *.dist-info/METADATA in the wheel"), FormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_WheelMetadataWithoutVersion_IsInvalidNamingTheField()
    {
        var path = WriteZip("x-1.0-py3-none-any.whl", ("x-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: x\n"));

        var detection = FormatDetector.Detect(path);

        Assert.Equal(ArtifactFormat.PyPi, detection.Format);
        Assert.Equal("x-1.0.dist-info/METADATA has no Version field", detection.InvalidReason);
    }

    [Fact]
    public void Detect_ReasonQuotingNameWithEscapeSequence_HasNoControlCharacters()
    {
        var path = WriteZip("x-1.0-py3-none-any.whl", ("x\u001b[2J-1.0.dist-info/METADATA", "Name: x\n"));

        var detection = FormatDetector.Detect(path);

        Assert.Equal("x?[2J-1.0.dist-info/METADATA has no Version field", detection.InvalidReason);
    }

    [Fact]
    public void Detect_NupkgWithoutNuspec_IsInvalid()
    {
        var path = WriteZip("Foo.1.0.0.nupkg", ("lib/net8.0/Foo.dll", "x"));

        Assert.Equal(Detection.Invalid(ArtifactFormat.NuGet, "no .nuspec file at the root of the package"), FormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_NuspecWithDtd_IsInvalidNotExpanded()
    {
        var path = WriteZip("Foo.1.0.0.nupkg", ("Foo.nuspec", "<?xml version=\"1.0\"?><!DOCTYPE p [<!ENTITY a \"aaaa\">]><package><metadata><id>&a;</id><version>1</version></metadata></package>"));

        var detection = FormatDetector.Detect(path);

        Assert.True(detection.IsInvalid);
        Assert.StartsWith("Foo.nuspec is not valid XML", detection.InvalidReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ZipWithPkgInfoButTwoTopFolders_IsRaw()
    {
        var path = WriteZip("bundle.zip", ("a-1.0/PKG-INFO", "Name: a\nVersion: 1.0\n"), ("b/readme", "x"));

        Assert.Equal(Detection.Raw, FormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_SdistWithBrokenPkgInfo_IsInvalidPyPi()
    {
        var path = _dir.Write("a-1.0.tar.gz", TarBuilder.Gzip(TarBuilder.Tar(("a-1.0/PKG-INFO", "Metadata-Version: 2.1\nVersion: 1.0\n"u8.ToArray()))));

        Assert.Equal(Detection.Invalid(ArtifactFormat.PyPi, "a-1.0/PKG-INFO has no Name field"), FormatDetector.Detect(path));
    }

    [Fact]
    public void Detect_TarballWithRootFileBesidesPkgInfo_IsRaw()
    {
        var tar = TarBuilder.Tar(("README", "x"u8.ToArray()), ("a-1.0/PKG-INFO", "Name: a\nVersion: 1.0\n"u8.ToArray()));

        Assert.Equal(Detection.Raw, FormatDetector.Detect(_dir.Write("a-1.0.tar.gz", TarBuilder.Gzip(tar))));
    }

    [Fact]
    public void Detect_NpmTarballWithBadJson_IsInvalidNpm()
    {
        var path = _dir.Write("x-1.0.0.tgz", TarBuilder.Gzip(TarBuilder.Tar(("package/package.json", "{\"name\": "u8.ToArray()))));

        var detection = FormatDetector.Detect(path);

        Assert.Equal(ArtifactFormat.Npm, detection.Format);
        Assert.StartsWith("package/package.json is not valid JSON", detection.InvalidReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_ChartYamlWithQuotesAndComments_ReadsScalars()
    {
        var chart = "apiVersion: v2\nname: \"web\"\ndependencies:\n  - name: redis\n    version: 9.9.9\nversion: 1.2.3 # bumped\n"u8.ToArray();

        var detection = FormatDetector.Detect(_dir.Write("web-1.2.3.tgz", TarBuilder.Gzip(TarBuilder.Tar(("web/Chart.yaml", chart)))));

        Assert.Equal(Detection.Valid(ArtifactFormat.Helm, new PackageInfo("web", "1.2.3")), detection);
    }

    [Fact]
    public void Detect_MissingFile_ClaimedIsInvalidOtherwiseRaw()
    {
        Assert.True(FormatDetector.Detect(Path.Combine(_dir.Path, "gone.deb")).IsInvalid);
        Assert.Equal(Detection.Raw, FormatDetector.Detect(Path.Combine(_dir.Path, "gone.txt")));
    }

    private string WriteZip(string name, params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (entryName, content) in entries)
            {
                using var stream = zip.CreateEntry(entryName).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return _dir.Write(name, buffer.ToArray());
    }

    private static byte[] ArArchive(params (string Name, byte[] Data)[] members)
    {
        var bytes = new List<byte>("!<arch>\n"u8.ToArray());
        foreach (var (name, data) in members)
        {
            bytes.AddRange(ArHeader(name, data.Length));
            bytes.AddRange(data);
            if (data.Length % 2 == 1)
            {
                bytes.Add((byte)'\n');
            }
        }

        return [.. bytes];
    }

    private static byte[] ArHeader(string name, int size) =>
        Encoding.ASCII.GetBytes($"{name,-16}{"0",-12}{"0",-6}{"0",-6}{"100644",-8}{size,-10}`\n");
}
