namespace AIaaS.Ocr;

/// <summary>
/// One line of text the <c>ocr</c> pipeline found: its text, the recogniser's confidence (mean
/// probability of its characters, 0 to 1), and its box: four corners as <c>[x, y]</c> in image
/// pixels, clockwise from the text's own top-left (for upside-down text, the image's bottom-right).
/// </summary>
public sealed record OcrLine(string Text, float Confidence, float[][] Box);
