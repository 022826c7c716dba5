using System.CommandLine;
using AIaaS.Cli.Commands;

// Program only wires commands; each lives in Commands/ with its own options and output.
var root = new RootCommand("aiaas: operate AIaaS Grains (model repository, inference, benchmarks)");
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(InferCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(OcrCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
