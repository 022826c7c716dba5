namespace AIaaS.Grains.Tests.Storage;

internal sealed class PersistentCounterGrain(
    [PersistentState("counter", FileGrainStorageClusterTests.StorageName)] IPersistentState<CounterState> counter)
    : Grain, IPersistentCounterGrain
{
    public async Task<int> IncrementAsync()
    {
        counter.State.Value++;
        await counter.WriteStateAsync();
        return counter.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(counter.State.Value);
}
