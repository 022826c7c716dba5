namespace AIaaS.Http.Endpoints;

/// <summary>One line of <see cref="OcrResponse"/>: <c>box</c> is four <c>[x, y]</c> corners, clockwise from the text's top-left.</summary>
internal sealed record OcrLineResponse(string Text, float Confidence, float[][] Box);
