using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace AIaaS.Http.Hosting;

/// <summary>
/// Kestrel's memory pool with 64 KiB blocks instead of its 4 KiB ones: a tensor body of 110 KB
/// then arrives in two socket reads and two pipe flushes rather than 27 of each, and every flush
/// wakes the request's reader. Blocks are pinned (socket I/O needs no handle per operation) and
/// reused; a few hundred are kept, any more go back to the GC.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    // 16 MiB: the in-flight bodies of a busy front; blocks past it are left to the GC.
    private const int MaxRetainedBlocks = 256;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;
    private bool _disposed;

    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_free.TryDequeue(out var block))
        {
            Interlocked.Decrement(ref _retained);
            block.Leased = true;
            return block;
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
    }

    private void Return(Block block)
    {
        if (_disposed || Interlocked.Increment(ref _retained) > MaxRetainedBlocks)
        {
            Interlocked.Decrement(ref _retained);
            return;
        }

        _free.Enqueue(block);
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly LargeBlockMemoryPool _pool;

        public Block(LargeBlockMemoryPool pool)
        {
            _pool = pool;
            Memory = MemoryMarshal.CreateFromPinnedArray(GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true), 0, BlockSize);
            Leased = true;
        }

        public Memory<byte> Memory { get; }

        public bool Leased { get; set; }

        public void Dispose()
        {
            // A second dispose must not put the block in the pool twice, to be handed out twice.
            if (Leased)
            {
                Leased = false;
                _pool.Return(this);
            }
        }
    }
}
