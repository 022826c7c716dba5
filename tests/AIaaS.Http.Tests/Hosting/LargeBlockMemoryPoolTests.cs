using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using AIaaS.Http.Hosting;
using AIaaS.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AIaaS.Http.Tests.Hosting;

public sealed class LargeBlockMemoryPoolTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(LargeBlockMemoryPool.BlockSize)]
    public void Rent_UpToABlock_GivesAWholeBlock(int size)
    {
        using var pool = new LargeBlockMemoryPool();
        using var block = pool.Rent(size);

        Assert.Equal(LargeBlockMemoryPool.BlockSize, block.Memory.Length);
    }

    [Fact]
    public void Rent_MoreThanABlock_Throws()
    {
        using var pool = new LargeBlockMemoryPool();

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        using var pool = new LargeBlockMemoryPool();
        var first = pool.Rent();
        first.Dispose();
        first.Dispose();

        using var again = pool.Rent();
        using var other = pool.Rent();

        Assert.True(again.Memory.Span == first.Memory.Span, "a returned block is reused");
        Assert.False(other.Memory.Span == again.Memory.Span, "a block returned twice was handed out twice");
    }

    [Fact(Timeout = 60_000)]
    public async Task Kestrel_WithAIaaSHttp_ReadsBodiesIntoLargeBlocks()
    {
        var port = FreePort.Next();
        MemoryPool<byte>? connectionPool = null;
        var builder = WebApplication.CreateSlimBuilder(["--Logging:LogLevel:Default=Warning"]);
        builder.Services.AddAIaaSHttp(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Use(next => connection =>
        {
            connectionPool = connection.Features.Get<IMemoryPoolFeature>()?.MemoryPool;
            return next(connection);
        })));
        await using var app = builder.Build();
        app.MapPost("/hash", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            return Convert.ToHexString(SHA256.HashData(body.ToArray()));
        });
        await app.StartAsync();

        // Five blocks and a part: the body crosses block boundaries in the pipe.
        var sent = new byte[(5 * LargeBlockMemoryPool.BlockSize) + 123];
        new Random(7).NextBytes(sent);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var response = await http.PostAsync("hash", new ByteArrayContent(sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(sent)), await response.Content.ReadAsStringAsync());
        Assert.IsType<LargeBlockMemoryPool>(connectionPool);
        await app.StopAsync();
    }
}
