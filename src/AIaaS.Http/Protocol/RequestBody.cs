using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace AIaaS.Http.Protocol;

/// <summary>
/// Reads a request body whole, within a size limit.
/// </summary>
/// <remarks>
/// Ownership: a JSON body is read into a pooled buffer that <see cref="Dispose"/> returns; the
/// caller disposes as soon as the body is parsed, which is safe because JSON parsing copies every
/// input into arrays of its own. A body that will be retained (a binary tensor request, whose
/// payloads slice it) is read into a GC-owned array of exactly its size and is never pooled, since
/// the payloads may outlive the HTTP request: a request the router gives up on may still sit in a
/// replica's batch queue, and a session may keep a slice of an input as state. Disposing a
/// retained body does nothing. A body larger than <see cref="MaxPooledLength"/> is never pooled
/// either, retained or not (issue 14).
/// </remarks>
internal readonly struct RequestBody : IDisposable
{
    /// <summary>
    /// The largest buffer taken from or given back to <see cref="ArrayPool{T}.Shared"/>. The shared
    /// pool keeps a returned array in the returning thread's slot and trims it only after 30-60 s
    /// and several full collections, which an idle silo never runs; so each 47 MB body kept a
    /// 64 MiB array resident on another thread pool thread, and the silo grew by tens of MiB per
    /// large body for good. Above this size, reading and parsing the body cost far more than a
    /// fresh array does, and a fresh array is garbage once parsed.
    /// </summary>
    internal const int MaxPooledLength = 1 << 20;

    private readonly byte[]? _pooled;

    private RequestBody(byte[] buffer, int length, bool pooled)
    {
        _pooled = pooled ? buffer : null;
        Memory = buffer.AsMemory(0, length);
    }

    public ReadOnlyMemory<byte> Memory { get; }

    /// <param name="retain">
    /// True when the caller keeps slices of <see cref="Memory"/> after disposing (binary tensor data).
    /// </param>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, bool retain, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw TooLarge(request.ContentLength.Value, limit);
        }

        if (request.ContentLength is { } contentLength && (retain || contentLength >= MaxPooledLength))
        {
            // Fast path of tritonclient and most callers: the length is known, so read straight
            // into the array the payloads will slice (or, for a large body, one that is garbage
            // once parsed). The server enforces Content-Length framing.
            var exact = GC.AllocateUninitializedArray<byte>((int)contentLength);
            var filled = 0;
            while (filled < exact.Length)
            {
                var read = await request.Body.ReadAsync(exact.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            return new RequestBody(exact, filled, pooled: false);
        }

        var pooled = await ReadPooledAsync(request, limit, cancellationToken).ConfigureAwait(false);
        if (!retain)
        {
            return pooled;
        }

        // A retained body of unknown length (chunked): one copy into an exact array, so the pooled
        // buffer goes back now.
        using (pooled)
        {
            var copy = pooled.Memory.ToArray();
            return new RequestBody(copy, copy.Length, pooled: false);
        }
    }

    public void Dispose()
    {
        if (_pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(_pooled);
        }
    }

    private static async Task<RequestBody> ReadPooledAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var buffer = Rent((int)Math.Min(request.ContentLength ?? 16 * 1024, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        throw TooLarge(length, limit);
                    }

                    var larger = Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    throw TooLarge(length, limit);
                }
            }

            return new RequestBody(buffer, length, pooled: buffer.Length <= MaxPooledLength);
        }
        catch
        {
            Return(buffer);
            throw;
        }
    }

    private static byte[] Rent(int minimumLength) =>
        minimumLength <= MaxPooledLength ? ArrayPool<byte>.Shared.Rent(minimumLength) : GC.AllocateUninitializedArray<byte>(minimumLength);

    private static void Return(byte[] buffer)
    {
        if (buffer.Length <= MaxPooledLength)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static BadHttpRequestException TooLarge(long length, long limit) =>
        new($"request body of {length} bytes or more exceeds the limit of {limit} bytes", StatusCodes.Status413PayloadTooLarge);
}
