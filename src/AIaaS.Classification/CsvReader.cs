using System.Text;
using AIaaS.Errors;

namespace AIaaS.Classification;

/// <summary>
/// Records of RFC 4180 CSV: fields split by commas, a quoted field may hold commas, line breaks
/// and doubled quotes; LF or CRLF ends a record.
/// </summary>
internal sealed class CsvReader(string text)
{
    private int _position;

    /// <summary>The line the last record started on, from 1.</summary>
    public int Line { get; private set; }

    private int _nextLine = 1;

    public List<string>? ReadRecord()
    {
        if (_position >= text.Length)
        {
            return null;
        }

        Line = _nextLine;
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        while (_position < text.Length)
        {
            var c = text[_position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (_position < text.Length && text[_position] == '"')
                    {
                        field.Append('"');
                        _position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    _nextLine += c == '\n' ? 1 : 0;
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && _position < text.Length && text[_position] == '\n')
                {
                    _position++;
                }

                _nextLine++;
                fields.Add(field.ToString());
                return fields;
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw InferenceException.InvalidArgument($"line {Line}: a quoted field is not closed");
        }

        fields.Add(field.ToString());
        return fields;
    }
}
