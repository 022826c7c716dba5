using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AIaaS.Testing;

/// <summary>
/// A real <c>redis-server</c> child process on a free loopback port, with append-only
/// persistence in its own temp directory, so a restart of Redis keeps cluster membership and
/// grain state as a production Redis must (orleans #7784). Killed, and its directory deleted,
/// on dispose. Started by hand; <c>RedisServerFixture</c> (AIaaS.Testing) is the xunit fixture.
/// </summary>
public class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private readonly TemporaryDirectory _directory = new("aiaas-redis");
    private readonly string? _password;
    private readonly TestCertificateAuthority? _authority;
    private readonly (string Certificate, string Key) _serverCertificate;
    private Process? _process;

    /// <param name="password">Redis's <c>requirepass</c>; null for none.</param>
    /// <param name="authority">Serve TLS only (no plain port) with a certificate of this authority, and require clients to present one of it (<c>tls-auth-clients yes</c>); null for plain TCP.</param>
    public RedisServer(string? password = null, TestCertificateAuthority? authority = null)
    {
        Port = FreePort.Next();
        _password = password;
        _authority = authority;
        if (authority is not null)
        {
            _serverCertificate = authority.Issue("redis");
            ClientCertificate = authority.Issue("redis-client");
        }
    }

    public int Port { get; }

    /// <summary>
    /// <c>127.0.0.1:port</c>, with <c>password=</c> and <c>ssl=true</c> when Redis has them, as
    /// <c>--AIaaS:Redis</c> and the SDK's <c>Redis</c> option take it.
    /// </summary>
    public string ConnectionString => $"127.0.0.1:{Port}"
        + (_password is null ? "" : $",password={_password}")
        + (_authority is null ? "" : ",ssl=true");

    /// <summary>The client certificate and key a TLS Redis accepts; default without TLS.</summary>
    public (string Certificate, string Key) ClientCertificate { get; }

    /// <summary>The <c>AIaaS:RedisTls</c> switches a silo reaches a TLS Redis with; none without TLS.</summary>
    public IReadOnlyList<string> SiloArguments => _authority is null
        ? []
        : [$"--AIaaS:RedisTls:Authority={_authority.AuthorityPath}", $"--AIaaS:RedisTls:Certificate={ClientCertificate.Certificate}", $"--AIaaS:RedisTls:Key={ClientCertificate.Key}"];

    /// <summary>The authority of the TLS Redis's certificates; null without TLS.</summary>
    public string? AuthorityPath => _authority?.AuthorityPath;

    /// <summary>Where Redis keeps its append-only file.</summary>
    public string DataDirectory => _directory.Path;

    /// <summary>What redis-server printed, for assertion messages.</summary>
    public ProcessOutput Output { get; } = new();

    /// <summary>Starts redis-server and waits until it answers PING.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is already running");
        }

        var executable = FindExecutable("redis-server") ?? throw new InvalidOperationException(
            "redis-server is not installed (not on PATH): install redis-server (apt-get install redis-server), or run ./scripts/test, which installs it");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.Path,
        };
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] listen = _authority is null
            ? ["--port", port]
            : ["--port", "0", "--tls-port", port, "--tls-cert-file", _serverCertificate.Certificate, "--tls-key-file", _serverCertificate.Key,
               "--tls-ca-cert-file", _authority.AuthorityPath, "--tls-auth-clients", "yes"];
        foreach (var argument in listen.Concat(
        [
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "yes",
            "--dir", _directory.Path,
            "--daemonize", "no",
        ]).Concat(_password is null ? [] : ["--requirepass", _password]))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        Output.Attach(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitForPingAsync(process, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops redis-server: with <paramref name="graceful"/>, SIGTERM (sent with <c>/bin/kill</c>;
    /// Redis fsyncs its append-only file and exits), else SIGKILL, a crash that may lose the last
    /// second of writes. The append-only file stays for <see cref="StartAsync"/>.
    /// </summary>
    public async Task StopAsync(bool graceful = false)
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        using (process)
        {
            if (process.HasExited)
            {
                return;
            }

            if (graceful)
            {
                using var kill = Process.Start(new ProcessStartInfo("/bin/kill")
                {
                    ArgumentList = { "-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    UseShellExecute = false,
                })!;
                await kill.WaitForExitAsync().ConfigureAwait(false);
            }
            else
            {
                process.Kill();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        }
    }

    /// <summary>Stops Redis (gracefully unless told otherwise) and starts it again on the same port and directory.</summary>
    public async Task RestartAsync(bool graceful = true, CancellationToken cancellationToken = default)
    {
        await StopAsync(graceful).ConfigureAwait(false);
        await StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _directory.Dispose();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync().ConfigureAwait(false);

    private async Task WaitForPingAsync(Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string? last = null;
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} on port {Port}:\n{Output.Tail()}");
            }

            if (_password is not null || _authority is not null)
            {
                // A raw PING is refused without the password or a TLS handshake: Redis says when it is ready.
                if (Output.ToString().Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    return;
                }

                last = "not ready yet";
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                continue;
            }

            try
            {
                last = await PingAsync(cancellationToken).ConfigureAwait(false);
                if (last == "+PONG")
                {
                    return;
                }
            }
            catch (SocketException ex)
            {
                last = ex.Message;
            }
            catch (IOException ex)
            {
                last = ex.Message;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"redis-server on port {Port} did not answer PING within {StartTimeout.TotalSeconds} s (last: {last}):\n{Output.Tail()}");
    }

    /// <summary>
    /// One inline PING over a raw socket; the first reply line (<c>+PONG</c>, or
    /// <c>-LOADING ...</c> while Redis replays its append-only file).
    /// </summary>
    private async Task<string> PingAsync(CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
        var buffer = new byte[256];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
            var text = Encoding.ASCII.GetString(buffer, 0, read);
            if (text.Contains("\r\n", StringComparison.Ordinal))
            {
                return text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    private static string? FindExecutable(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
