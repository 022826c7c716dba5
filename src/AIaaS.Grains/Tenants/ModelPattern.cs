namespace AIaaS.Grains.Tenants;

/// <summary>Entitlement patterns: a model name where <c>*</c> stands for any run of characters (<c>ppocr-*</c>, <c>*-v2</c>, <c>*</c>).</summary>
internal static class ModelPattern
{
    public static bool Matches(string pattern, string model) => Matches(pattern.AsSpan(), model.AsSpan());

    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        var star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(text);
        }

        if (!text.StartsWith(pattern[..star]))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        text = text[star..];
        // Each position the star could end at; patterns are short, so the backtracking is small.
        for (var i = 0; i <= text.Length; i++)
        {
            if (Matches(rest, text[i..]))
            {
                return true;
            }
        }

        return false;
    }
}
