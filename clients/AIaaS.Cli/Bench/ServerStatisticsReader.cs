using AIaaS.Cli.Remote;
using AIaaS.Errors;

namespace AIaaS.Cli.Bench;

/// <summary>
/// Reads a model's Triton statistics for the bench, never failing it: a server without the
/// statistics extension (404), or any other failure, gives no reading, and <see cref="Problem"/>
/// keeps the first reason to tell the user once.
/// </summary>
internal sealed class ServerStatisticsReader(OipHttpClient http, string model, string? version)
{
    public string? Problem { get; private set; }

    public async Task<StatisticsTotals?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetStatisticsAsync(model, version, cancellationToken).ConfigureAwait(false);
        }
        catch (InferenceException ex)
        {
            Problem ??= $"GET {http.ModelUri(model, version, "/stats")}: {ex.Message}";
            return null;
        }
    }
}
