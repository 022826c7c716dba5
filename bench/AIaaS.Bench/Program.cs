using AIaaS.Bench;
using AIaaS.Bench.External;
using AIaaS.Bench.Sessions;
using AIaaS.Bench.Tenancy;

// Program only wires the modes; each is a command class with its own options:
//   dotnet run -c Release --project bench/AIaaS.Bench -- [--only cls] ...   the in-process harness (ThroughputCommand)
//   ... -- cluster [--seconds 5] ...                                           a cluster of silo processes (ClusterCommand)
//   ... -- external --tool hey|aiaas --concurrency 1,8,32,64 ...               load from another process (ExternalCommand)
//   ... -- tenancy [--seconds 8] [--rounds 3] [--flood 64]                    auth's cost and a quiet tenant beside a flood (TenancyCommand)
//   ... -- sessions [--sessions 8,16,32,64] [--checkpoints 1,32] [--redis]  live sessions beside the raw ceiling (SessionsCommand)
//   ... -- placement [--silos 500] [--versions 2000] [--seed 1]               the placement rules over a simulated cluster (PlacementSimulation)
//   ... -- ocr [--seconds 10] [--rounds 2]                                     the ocr pipeline against its steps chained in-process (OcrBench)
//   ... -- embeddings [--seconds 10] [--rounds 2]                              the text-embedding pipeline against its steps chained in-process (EmbeddingBench)
//   ... -- pipeline-overhead [--seconds 5] [--rounds 3]                        what a pipeline adds at c=1 on steps of no compute (PipelineOverheadBench)
// The last three still read their few options themselves.
if (args is ["placement", .. var placementArgs])
{
    return PlacementSimulation.Run(placementArgs);
}

if (args is ["ocr", .. var ocrArgs])
{
    return await OcrBench.RunAsync(ocrArgs);
}

if (args is ["pipeline-overhead", .. var overheadArgs])
{
    return await PipelineOverheadBench.RunAsync(overheadArgs);
}

if (args is ["embeddings", .. var embeddingArgs])
{
    return await EmbeddingBench.RunAsync(embeddingArgs);
}

var root = ThroughputCommand.Create();
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(ExternalCommand.Create());
root.Subcommands.Add(TenancyCommand.Create());
root.Subcommands.Add(SessionsCommand.Create());
return await root.Parse(args).InvokeAsync();
