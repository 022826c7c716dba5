using System.Collections.Concurrent;
using System.Diagnostics;
using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>
/// Usage counted where requests run (the replica's silo), by tenant, model, version and UTC hour,
/// buffered in memory: a request costs a dictionary lookup and a short lock, never a storage
/// write. <see cref="UsageFlusher"/> drains it to the tenant grains in the background.
/// </summary>
internal sealed class UsageMeter(TenantInstruments instruments, TimeProvider time)
{
    private readonly ReaderWriterLockSlim _swap = new(LockRecursionPolicy.NoRecursion);
    private ConcurrentDictionary<(string Tenant, string Model, string Version, DateTime Hour), UsageCell> _cells = new();

    /// <summary>Counts one finished request; <paramref name="failure"/> is null for a success, else its kind.</summary>
    public void RecordRequest(string tenant, string model, string version, string? failure, long items, long inputBytes, long outputBytes, long tokens = 0)
    {
        tenant = TenantOf(tenant);
        Update(tenant, model, version, (failure, items, inputBytes, outputBytes, tokens), static (cell, r) =>
        {
            if (r.failure is null)
            {
                cell.Requests++;
                cell.Items += r.items;
                cell.Tokens += r.tokens;
            }
            else
            {
                cell.Failed++;
                cell.FailedByKind[r.failure] = cell.FailedByKind.GetValueOrDefault(r.failure) + 1;
            }

            cell.InputBytes += r.inputBytes;
            cell.OutputBytes += r.outputBytes;
        });

        if (instruments.Requests.Enabled)
        {
            instruments.Requests.Add(1, new TagList { { "tenant", tenant }, { "model", model }, { "outcome", failure ?? "success" } });
        }
    }

    /// <summary>Adds one request's share of its batch's compute time.</summary>
    public void RecordCompute(string tenant, string model, string version, double seconds)
    {
        tenant = TenantOf(tenant);
        Update(tenant, model, version, seconds, static (cell, s) => cell.ComputeSeconds += s);

        if (instruments.ComputeSeconds.Enabled)
        {
            instruments.ComputeSeconds.Add(seconds, new TagList { { "tenant", tenant }, { "model", model } });
        }
    }

    /// <summary>Takes everything counted so far; what is counted meanwhile goes to the next drain.</summary>
    public IReadOnlyList<UsageRecord> Drain()
    {
        ConcurrentDictionary<(string Tenant, string Model, string Version, DateTime Hour), UsageCell> drained;
        // The write lock waits for recorders holding the old dictionary; after it none can reach it.
        _swap.EnterWriteLock();
        try
        {
            drained = _cells;
            _cells = new();
        }
        finally
        {
            _swap.ExitWriteLock();
        }

        var records = new List<UsageRecord>(drained.Count);
        foreach (var ((tenant, model, version, hour), cell) in drained)
        {
            records.Add(new UsageRecord
            {
                Tenant = tenant,
                Model = model,
                Version = version,
                Hour = hour,
                Requests = cell.Requests,
                Failed = cell.Failed,
                FailedByKind = new Dictionary<string, long>(cell.FailedByKind, StringComparer.Ordinal),
                Items = cell.Items,
                ComputeSeconds = cell.ComputeSeconds,
                InputBytes = cell.InputBytes,
                OutputBytes = cell.OutputBytes,
                Tokens = cell.Tokens,
            });
        }

        return records;
    }

    /// <summary>Puts back records a flush could not write, so they go out with the next one.</summary>
    public void Restore(IEnumerable<UsageRecord> records)
    {
        foreach (var record in records)
        {
            Update((record.Tenant, record.Model, record.Version, record.Hour), record, static (cell, r) =>
            {
                cell.Requests += r.Requests;
                cell.Failed += r.Failed;
                foreach (var (kind, count) in r.FailedByKind)
                {
                    cell.FailedByKind[kind] = cell.FailedByKind.GetValueOrDefault(kind) + count;
                }

                cell.Items += r.Items;
                cell.ComputeSeconds += r.ComputeSeconds;
                cell.InputBytes += r.InputBytes;
                cell.OutputBytes += r.OutputBytes;
                cell.Tokens += r.Tokens;
            });
        }
    }

    private static string TenantOf(string tenant) => tenant.Length == 0 ? TenantIds.Default : tenant;

    private void Update<T>(string tenant, string model, string version, T value, Action<UsageCell, T> update) =>
        Update((tenant, model, version, UsageKey.HourOf(time.GetUtcNow())), value, update);

    private void Update<T>((string Tenant, string Model, string Version, DateTime Hour) key, T value, Action<UsageCell, T> update)
    {
        // Many recorders share the read lock; only a drain's swap (every few seconds) excludes them.
        _swap.EnterReadLock();
        try
        {
            var cell = _cells.GetOrAdd(key, static _ => new UsageCell());
            lock (cell)
            {
                update(cell, value);
            }
        }
        finally
        {
            _swap.ExitReadLock();
        }
    }

    private sealed class UsageCell
    {
        public long Requests;
        public long Failed;
        public readonly Dictionary<string, long> FailedByKind = new(StringComparer.Ordinal);
        public long Items;
        public double ComputeSeconds;
        public long InputBytes;
        public long OutputBytes;
        public long Tokens;
    }
}
