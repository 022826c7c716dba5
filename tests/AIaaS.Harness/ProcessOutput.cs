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

    /// <summary>
    /// The first error a .NET host logged (a <c>crit:</c> or <c>fail:</c> entry, or an unhandled
    /// exception) with the lines after it, or "" when none: a dying process's last lines are often
    /// the stacks of what its shutdown broke, not why it stopped.
    /// </summary>
    public string FirstError(int lines = 12)
    {
        var all = ToString().Split('\n');
        var first = Array.FindIndex(all, l => l.StartsWith("crit:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("Unhandled exception", StringComparison.Ordinal));
        return first < 0 ? "" : string.Join('\n', all.Skip(first).Take(lines));
    }

    /// <summary>The last <paramref name="chars"/> characters: what an assertion message can carry.</summary>
    public string Tail(int chars = 8000)
    {
        var text = ToString();
        return text.Length <= chars ? text : "..." + text[^chars..];
    }
}
