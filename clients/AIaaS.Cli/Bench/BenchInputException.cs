namespace AIaaS.Cli.Bench;

/// <summary>The bench options do not describe inputs the model takes; the message names the input and the option to give.</summary>
internal sealed class BenchInputException(string message) : Exception(message);
