namespace NexusPush.Formats;

/// <summary>
/// What a package file says about itself, read from its own metadata (a .deb control file, an RPM header,
/// wheel METADATA, sdist PKG-INFO, package.json, .nuspec, Chart.yaml). Nexus derives stored paths from these.
/// </summary>
/// <param name="Name">Package name exactly as the metadata spells it (not normalised).</param>
/// <param name="Version">Version verbatim (a Debian epoch such as <c>1:2.0-1</c> is kept).</param>
/// <param name="Architecture">apt: Architecture; yum: arch; otherwise null.</param>
/// <param name="Release">yum: release; otherwise null.</param>
internal sealed record PackageInfo(string Name, string Version, string? Architecture = null, string? Release = null);
