using System.Diagnostics;
using System.Text;

namespace AIaaS.Testing;

/// <summary>
/// The stdout and stderr of a child process, interleaved line by line, for assertion messages.
/// Keeps the last <see cref="MaxChars"/> characters, so a chatty process cannot fill memory.
/// </summary>
public sealed class ProcessOutput
{
    private const int MaxChars = 1 << 20;
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    /// <summary>Subscribes to both streams; call before <see cref="Process.Start()"/>'s BeginRead calls.</summary>
    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _text.AppendLine(line);
            if (_text.Length > MaxChars)
            {
                _text.Remove(0, _text.Length - MaxChars);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }

    /// <summary>The last <paramref name="chars"/> characters: what an assertion message can carry.</summary>
    public string Tail(int chars = 8000)
    {
        var text = ToString();
        return text.Length <= chars ? text : "..." + text[^chars..];
    }
}
