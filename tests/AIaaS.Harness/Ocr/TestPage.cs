using SkiaSharp;

namespace AIaaS.Testing.Ocr;

/// <summary>
/// A page rendered in code: black lines of text on white, turned by <see cref="Rotation"/> degrees
/// about the page's centre, with where each line's ink was drawn (corners clockwise from the text's
/// top-left, in the turned page's pixels).
/// </summary>
public sealed class TestPage
{
    public const string LatinFamily = "DejaVu Sans";
    public const string ChineseFamily = "WenQuanYi Zen Hei";
    public const string SerifFamily = "DejaVu Serif";
    public const string MonoFamily = "DejaVu Sans Mono";

    private TestPage(byte[] png, IReadOnlyList<(string Text, (float X, float Y)[] Box)> lines)
    {
        Png = png;
        Lines = lines;
    }

    public byte[] Png { get; }

    public IReadOnlyList<(string Text, (float X, float Y)[] Box)> Lines { get; }

    public float Rotation { get; private init; }

    /// <summary>
    /// How far a found box may sit from where a line's ink was drawn, per corner and axis: the
    /// detector's boxes are unclipped from a shrunk text kernel, so they land around the ink.
    /// </summary>
    public const float BoxTolerance = 8;

    /// <summary>Null when every corner of <paramref name="box"/> is within <see cref="BoxTolerance"/> of line <paramref name="line"/>'s drawn box; else what is off.</summary>
    public string? BoxMismatch(int line, IReadOnlyList<(float X, float Y)> box)
    {
        var drawn = Lines[line].Box;
        for (var c = 0; c < 4; c++)
        {
            if (Math.Abs(box[c].X - drawn[c].X) > BoxTolerance || Math.Abs(box[c].Y - drawn[c].Y) > BoxTolerance)
            {
                return $"line {line} '{Lines[line].Text}' corner {c}: ({box[c].X}, {box[c].Y}), drawn at ({drawn[c].X:F1}, {drawn[c].Y:F1})";
            }
        }

        return null;
    }

    /// <summary>Renders <paramref name="lines"/> (text, left x, baseline y, font family) at 32 px on a page of the given size.</summary>
    public static TestPage Render(int width, int height, float rotation, params (string Text, float X, float Y, string Family)[] lines) =>
        Render(width, height, rotation, 32, lines);

    /// <summary>Renders <paramref name="lines"/> (text, left x, baseline y, font family) at <paramref name="size"/> px.</summary>
    public static TestPage Render(int width, int height, float rotation, float size, params (string Text, float X, float Y, string Family)[] lines)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var drawn = new List<(string, (float, float)[])>();
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            var turn = SKMatrix.CreateRotationDegrees(rotation, width / 2f, height / 2f);
            canvas.SetMatrix(turn);
            using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
            foreach (var (text, x, y, family) in lines)
            {
                using var typeface = Typeface(family);
                using var font = new SKFont(typeface, size) { Edging = SKFontEdging.Antialias };
                // Words are drawn three quarters of the font size apart: the recogniser reads narrower gaps
                // (a font's own space) as no space at all about as often as not.
                var left = float.MaxValue;
                var top = float.MaxValue;
                var right = float.MinValue;
                var bottom = float.MinValue;
                var pen = x;
                foreach (var word in text.Split(' '))
                {
                    var advance = font.MeasureText(word, out var bounds, paint);
                    canvas.DrawText(word, pen, y, SKTextAlign.Left, font, paint);
                    left = Math.Min(left, pen + bounds.Left);
                    right = Math.Max(right, pen + bounds.Right);
                    top = Math.Min(top, y + bounds.Top);
                    bottom = Math.Max(bottom, y + bounds.Bottom);
                    pen += advance + (size * 0.75f);
                }

                SKPoint[] corners = [new(left, top), new(right, top), new(right, bottom), new(left, bottom)];
                drawn.Add((text, [.. turn.MapPoints(corners).Select(p => (p.X, p.Y))]));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return new TestPage(data.ToArray(), drawn) { Rotation = rotation };
    }

    /// <summary>The installed font of <paramref name="family"/>; a fallback would draw other glyphs (or none).</summary>
    private static SKTypeface Typeface(string family)
    {
        var typeface = SKTypeface.FromFamilyName(family);
        if (typeface is null || !string.Equals(typeface.FamilyName, family, StringComparison.Ordinal))
        {
            typeface?.Dispose();
            throw new InvalidOperationException(
                $"the font '{family}' is not installed (got '{typeface?.FamilyName}'): install fonts-dejavu-core and fonts-wqy-zenhei (scripts/test does)");
        }

        return typeface;
    }
}
