namespace AIaaS.Cli.TensorFiles;

/// <summary>A tensor file that cannot be read; the message names the file and what is wrong.</summary>
internal sealed class TensorFileException(string message) : Exception(message);
