using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace AIaaS.Http.Hosting;

/// <summary>Gives Kestrel's socket transport (and the server's own buffers) a <see cref="LargeBlockMemoryPool"/>.</summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>
{
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
}
