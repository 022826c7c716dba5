using System.CommandLine;
using AIaaS.Cli.Commands;

// Program only wires commands; each lives in Commands/ with its own options and output.
var root = new RootCommand("aiaas: operate AIaaS Grains (model repository, inference, benchmarks)");
root.Subcommands.Add(ModelsCommand.Create());
root.Subcommands.Add(InferCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(TenantsCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(UsageCommand.Create());
root.Subcommands.Add(RolloutCommand.Create());
root.Subcommands.Add(SessionsCommand.Create());
root.Subcommands.Add(VadCommand.Create());
root.Subcommands.Add(OcrCommand.Create());
root.Subcommands.Add(EmbedCommand.Create());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(ClassifiersCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
