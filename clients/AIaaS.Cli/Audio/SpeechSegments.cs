namespace AIaaS.Cli.Audio;

/// <summary>
/// Turns per-chunk speech probabilities into segments, with silero's own rules: speech starts at a
/// chunk of probability at least the threshold, and ends once the probability has stayed below
/// threshold - 0.15 for <c>minSilenceChunks</c>; segments shorter than <c>minSpeechChunks</c> are dropped.
/// </summary>
internal static class SpeechSegments
{
    public static List<(int Start, int End)> Find(IReadOnlyList<float> probabilities, float threshold = 0.5f, int minSilenceChunks = 3, int minSpeechChunks = 8)
    {
        var segments = new List<(int, int)>();
        int? start = null;
        var silence = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            var p = probabilities[i];
            if (start is null)
            {
                if (p >= threshold)
                {
                    start = i;
                    silence = 0;
                }
            }
            else if (p < threshold - 0.15f)
            {
                if (++silence >= minSilenceChunks)
                {
                    Close(i - silence + 1);
                }
            }
            else
            {
                silence = 0;
            }
        }

        if (start is not null)
        {
            Close(probabilities.Count);
        }

        return segments;

        void Close(int end)
        {
            if (end - start!.Value >= minSpeechChunks)
            {
                segments.Add((start.Value, end));
            }

            start = null;
            silence = 0;
        }
    }
}
