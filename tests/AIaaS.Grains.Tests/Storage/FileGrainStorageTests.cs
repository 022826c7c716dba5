using AIaaS.Testing;
using Orleans.Storage;

namespace AIaaS.Grains.Tests.Storage;

public sealed class FileGrainStorageTests : IDisposable
{
    private const int Timeout = 30_000;
    private const string StateName = "counter";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact(Timeout = Timeout)]
    public async Task WriteStateAsync_ThenReadStateAsync_ReturnsWrittenStateAndETag()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("ppocr-cls/1/0");
        var written = new GrainState<CounterState>(new CounterState { Value = 42, Label = "forty-two" });

        await harness.Storage.WriteStateAsync(StateName, grainId, written);
        var read = new GrainState<CounterState>();
        await harness.Storage.ReadStateAsync(StateName, grainId, read);

        Assert.True(read.RecordExists);
        Assert.Equal(42, read.State!.Value);
        Assert.Equal("forty-two", read.State!.Label);
        Assert.Equal(written.ETag, read.ETag);
        Assert.True(written.RecordExists);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadStateAsync_NoFile_RecordDoesNotExistWithNewStateAndNullETag()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var read = new GrainState<CounterState>(new CounterState { Value = 7 }, "stale");

        await harness.Storage.ReadStateAsync(StateName, Counter("never-written"), read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Equal(0, read.State!.Value);
        Assert.Equal(string.Empty, read.State!.Label);
    }

    [Fact(Timeout = Timeout)]
    public async Task WriteStateAsync_EachWrite_ProducesNewETag()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("etags");
        var state = new GrainState<CounterState>(new CounterState());
        var etags = new List<string>();

        for (var i = 1; i <= 3; i++)
        {
            state.State!.Value = i;
            await harness.Storage.WriteStateAsync(StateName, grainId, state);
            Assert.NotNull(state.ETag);
            etags.Add(state.ETag);
        }

        Assert.Equal(3, etags.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact(Timeout = Timeout)]
    public async Task WriteStateAsync_StaleETag_ThrowsInconsistentStateExceptionAndKeepsStoredState()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("ppocr-det/2/1");
        var state = new GrainState<CounterState>(new CounterState { Value = 1 });
        await harness.Storage.WriteStateAsync(StateName, grainId, state);
        var staleETag = state.ETag!;
        state.State!.Value = 2;
        await harness.Storage.WriteStateAsync(StateName, grainId, state);
        var storedETag = state.ETag!;

        var stale = new GrainState<CounterState>(new CounterState { Value = 99 }, staleETag);
        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => harness.Storage.WriteStateAsync(StateName, grainId, stale));

        Assert.Equal(storedETag, exception.StoredEtag);
        Assert.Equal(staleETag, exception.CurrentEtag);
        Assert.Contains("ppocr-det/2/1", exception.Message, StringComparison.Ordinal);
        Assert.Contains(storedETag, exception.Message, StringComparison.Ordinal);
        Assert.Contains(staleETag, exception.Message, StringComparison.Ordinal);
        Assert.Equal(staleETag, stale.ETag);
        var read = new GrainState<CounterState>();
        await harness.Storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(2, read.State!.Value);
        Assert.Equal(storedETag, read.ETag);
    }

    [Fact(Timeout = Timeout)]
    public async Task WriteStateAsync_NullETagOverExistingRecord_ThrowsInconsistentStateException()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("first-writers");
        var first = new GrainState<CounterState>(new CounterState { Value = 1 });
        await harness.Storage.WriteStateAsync(StateName, grainId, first);

        var second = new GrainState<CounterState>(new CounterState { Value = 2 });
        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => harness.Storage.WriteStateAsync(StateName, grainId, second));

        Assert.Equal(first.ETag, exception.StoredEtag);
        Assert.Equal(string.Empty, exception.CurrentEtag);
        Assert.Null(second.ETag);
    }

    [Fact(Timeout = Timeout)]
    public async Task WriteStateAsync_ETagButNoRecord_ThrowsInconsistentStateException()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var state = new GrainState<CounterState>(new CounterState { Value = 1 }, "0123456789abcdef0123456789abcdef");

        var exception = await Assert.ThrowsAsync<InconsistentStateException>(
            () => harness.Storage.WriteStateAsync(StateName, Counter("deleted-elsewhere"), state));

        Assert.Equal(string.Empty, exception.StoredEtag);
        Assert.Equal("0123456789abcdef0123456789abcdef", exception.CurrentEtag);
    }

    [Fact(Timeout = Timeout)]
    public async Task ClearStateAsync_ThenReadStateAsync_RecordDoesNotExist()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("silero-vad/1/0");
        var state = new GrainState<CounterState>(new CounterState { Value = 5 });
        await harness.Storage.WriteStateAsync(StateName, grainId, state);

        await harness.Storage.ClearStateAsync(StateName, grainId, state);
        var read = new GrainState<CounterState>();
        await harness.Storage.ReadStateAsync(StateName, grainId, read);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Value);
        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Empty(Directory.GetFiles(StateDirectory));
    }

    [Fact(Timeout = Timeout)]
    public async Task ClearStateAsync_StaleETag_ThrowsInconsistentStateExceptionAndKeepsRecord()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("clear-race");
        var state = new GrainState<CounterState>(new CounterState { Value = 1 });
        await harness.Storage.WriteStateAsync(StateName, grainId, state);
        var staleETag = state.ETag;
        await harness.Storage.WriteStateAsync(StateName, grainId, state);

        var stale = new GrainState<CounterState>(new CounterState(), staleETag);
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => harness.Storage.ClearStateAsync(StateName, grainId, stale));

        var read = new GrainState<CounterState>();
        await harness.Storage.ReadStateAsync(StateName, grainId, read);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact(Timeout = Timeout)]
    public async Task ClearStateAsync_ThenWriteStateAsync_WritesNewRecord()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("reborn");
        var state = new GrainState<CounterState>(new CounterState { Value = 1 });
        await harness.Storage.WriteStateAsync(StateName, grainId, state);
        await harness.Storage.ClearStateAsync(StateName, grainId, state);

        state.State!.Value = 2;
        await harness.Storage.WriteStateAsync(StateName, grainId, state);
        var read = new GrainState<CounterState>();
        await harness.Storage.ReadStateAsync(StateName, grainId, read);

        Assert.Equal(2, read.State!.Value);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact(Timeout = Timeout)]
    public async Task WriteStateAsync_AwkwardKeys_MapToDistinctFilesAndReadBack()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        string[] keys =
        [
            "ppocr-cls/1/0",
            "ppocr-cls%2f1%2f0",
            "ppocr-cls_1_0",
            "PPOCR-CLS/1/0",
            "модель/版本/🙂",
            "../../etc/passwd",
            "con",
            ".hidden.",
            "tenant\\session:1*?",
            new string('a', 1000),
            new string('a', 999) + "b",
            new string('я', 400),
        ];

        for (var i = 0; i < keys.Length; i++)
        {
            await harness.Storage.WriteStateAsync(
                StateName, Counter(keys[i]), new GrainState<CounterState>(new CounterState { Value = i, Label = keys[i] }));
        }

        var files = Directory.GetFiles(StateDirectory);
        Assert.Equal(keys.Length, files.Length);
        Assert.All(files, file => Assert.True(Path.GetFileName(file).Length <= 170, file));
        Assert.Equal(files.Length, Directory.GetFiles(_directory.Path, "*", SearchOption.AllDirectories).Length);
        for (var i = 0; i < keys.Length; i++)
        {
            var read = new GrainState<CounterState>();
            await harness.Storage.ReadStateAsync(StateName, Counter(keys[i]), read);
            Assert.Equal(i, read.State!.Value);
            Assert.Equal(keys[i], read.State!.Label);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task WriteStateAsync_DifferentStateNames_KeepSeparateRecords()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("two-states");
        await harness.Storage.WriteStateAsync("counter", grainId, new GrainState<CounterState>(new CounterState { Value = 1 }));
        await harness.Storage.WriteStateAsync("Counter/Other", grainId, new GrainState<CounterState>(new CounterState { Value = 2 }));

        var first = new GrainState<CounterState>();
        var second = new GrainState<CounterState>();
        await harness.Storage.ReadStateAsync("counter", grainId, first);
        await harness.Storage.ReadStateAsync("Counter/Other", grainId, second);

        Assert.Equal(1, first.State!.Value);
        Assert.Equal(2, second.State!.Value);
        Assert.Equal(2, Directory.GetDirectories(_directory.Path).Length);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadStateAsync_LeftoverTempFile_IsIgnored()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("crashed-mid-write");
        var state = new GrainState<CounterState>(new CounterState { Value = 3 });
        await harness.Storage.WriteStateAsync(StateName, grainId, state);
        var stateFile = Assert.Single(Directory.GetFiles(StateDirectory));
        await File.WriteAllBytesAsync($"{stateFile}.{Guid.NewGuid():N}.tmp", [0x41, 0x49, 0x47]);

        var read = new GrainState<CounterState>();
        await harness.Storage.ReadStateAsync(StateName, grainId, read);

        Assert.Equal(3, read.State!.Value);
        Assert.Equal(state.ETag, read.ETag);
    }

    [Fact(Timeout = Timeout)]
    public async Task StartAsync_StaleTempFiles_AreRemovedRecentOnesAndStateFilesKept()
    {
        var grainId = Counter("cleaned");
        string stateFile;
        await using (var first = await FileGrainStorageHarness.StartAsync(_directory.Path))
        {
            await first.Storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Value = 8 }));
            stateFile = Assert.Single(Directory.GetFiles(StateDirectory));
        }

        var temp = $"{stateFile}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temp, [1, 2, 3]);
        File.SetLastWriteTimeUtc(temp, DateTime.UtcNow.AddHours(-1));
        // A recent one may belong to another silo's write in progress over the same directory.
        var recent = $"{stateFile}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(recent, [4, 5, 6]);
        await using var second = await FileGrainStorageHarness.StartAsync(_directory.Path);

        Assert.False(File.Exists(temp));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(stateFile));
        var read = new GrainState<CounterState>();
        await second.Storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(8, read.State!.Value);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadStateAsync_SecondProviderOverSameDirectory_ReadsWhatFirstWrote()
    {
        var grainId = Counter("survives-restart");
        var written = new GrainState<CounterState>(new CounterState { Value = 11, Label = "before restart" });
        await using (var before = await FileGrainStorageHarness.StartAsync(_directory.Path))
        {
            await before.Storage.WriteStateAsync(StateName, grainId, written);
        }

        await using var after = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var read = new GrainState<CounterState>();
        await after.Storage.ReadStateAsync(StateName, grainId, read);

        Assert.True(read.RecordExists);
        Assert.Equal(11, read.State!.Value);
        Assert.Equal("before restart", read.State!.Label);
        Assert.Equal(written.ETag, read.ETag);
        read.State!.Value = 12;
        await after.Storage.WriteStateAsync(StateName, grainId, read);
    }

    [Fact(Timeout = Timeout)]
    public async Task ReadStateAsync_TruncatedStateFile_ThrowsInvalidDataException()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("damaged");
        await harness.Storage.WriteStateAsync(StateName, grainId, new GrainState<CounterState>(new CounterState { Value = 1 }));
        var stateFile = Assert.Single(Directory.GetFiles(StateDirectory));
        var bytes = await File.ReadAllBytesAsync(stateFile);
        await File.WriteAllBytesAsync(stateFile, bytes[..^1]);

        await Assert.ThrowsAsync<InvalidDataException>(
            () => harness.Storage.ReadStateAsync(StateName, grainId, new GrainState<CounterState>()));
    }

    [Fact(Timeout = Timeout)]
    public async Task WriteStateAsync_ConcurrentWritesOfOneGrain_ExactlyOneWinsPerETag()
    {
        await using var harness = await FileGrainStorageHarness.StartAsync(_directory.Path);
        var grainId = Counter("contended");
        var seed = new GrainState<CounterState>(new CounterState());
        await harness.Storage.WriteStateAsync(StateName, grainId, seed);

        // Every writer starts from the same ETag, as two racing activations would.
        var writers = Enumerable.Range(1, 16)
            .Select(i => new GrainState<CounterState>(new CounterState { Value = i }, seed.ETag))
            .ToArray();
        var outcomes = await Task.WhenAll(writers.Select(async writer =>
        {
            try
            {
                await Task.Yield();
                await harness.Storage.WriteStateAsync(StateName, grainId, writer);
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        }));

        var winner = writers[Array.IndexOf(outcomes, true)];
        Assert.Equal(1, outcomes.Count(won => won));
        var read = new GrainState<CounterState>();
        await harness.Storage.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(winner.State!.Value, read.State!.Value);
        Assert.Equal(winner.ETag, read.ETag);
        Assert.Single(Directory.GetFiles(StateDirectory));
    }

    private string StateDirectory => Path.Combine(_directory.Path, StateName);

    private static GrainId Counter(string key) => GrainId.Create("persistentcounter", key);
}
