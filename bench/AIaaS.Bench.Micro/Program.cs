using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/AIaaS.Bench.Micro -- --filter '*' [--job short]
// Every benchmark class of this assembly; BenchmarkDotNet's switches choose which and how long.
return BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args).Any() ? 0 : 1;
