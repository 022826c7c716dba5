using AIaaS.Models;
using AIaaS.Tensors;
using SkiaSharp;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>crop_lines</c>: cuts each box out of the image, straightened, into a line image of
/// <c>height</c> (48) rows, as PaddleOCR's <c>get_rotate_crop_image</c> and <c>resize_norm_img</c>:
/// the box's top-left corner becomes the line's, a box at least 1.5 times taller than wide is
/// turned a quarter (vertical text), the line keeps the box's aspect ratio up to the output's width,
/// is normalised as <c>(x * scale - mean) / std</c> (defaults 1/255, 0.5, 0.5, BGR planes) and padded
/// with zeros on the right. The output's width is <c>width</c> when set (192 for the direction
/// classifier), else the widest line's, at least <c>min_width</c> (320) and at most
/// <c>max_width</c> (3200) (the recogniser). Inputs <c>pixels [H, W, 3]</c>, <c>boxes [K, 4, 2]</c>;
/// output <c>lines [K, 3, height, width]</c>.
/// </summary>
internal sealed class CropLinesProcessor : IProcessor
{
    public const string Name = "crop_lines";

    private readonly int height;
    private readonly int fixedWidth;
    private readonly int minWidth;
    private readonly int maxWidth;
    private readonly float scale;
    private readonly float[] mean;
    private readonly float[] std;
    private readonly bool bgr;

    public CropLinesProcessor(ProcessorParameters parameters)
    {
        height = parameters.Int("height", 48, 1, 1024);
        fixedWidth = parameters.Int("width", 0, 0, 16384);
        minWidth = parameters.Int("min_width", 320, 1, 16384);
        maxWidth = parameters.Int("max_width", 3200, 1, 16384);
        scale = parameters.Float("scale", 1f / 255f, float.Epsilon, 1f);
        mean = parameters.Floats("mean", [0.5f, 0.5f, 0.5f], 3);
        std = parameters.Floats("std", [0.5f, 0.5f, 0.5f], 3);
        if (std.Any(s => s <= 0))
        {
            parameters.Errors.Add("parameters.std must be positive");
        }

        bgr = parameters.Choice("channel_order", "bgr", "rgb") == "bgr";
        Signature = new(
            [new TensorSpec("pixels", TensorDataType.UInt8, [-1, -1, 3]), new TensorSpec("boxes", TensorDataType.Fp32, [-1, 4, 2])],
            [new TensorSpec("lines", TensorDataType.Fp32, [-1, 3, height, fixedWidth > 0 ? fixedWidth : -1])]);
    }

    public ModelSignature Signature { get; }

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        var coordinates = inputs.Floats("boxes");
        var count = coordinates.Length / 8;
        var lines = new (PointD Origin, PointD Right, PointD Down, int Width)[count];
        var widest = 0;
        for (var i = 0; i < count; i++)
        {
            var c = coordinates.Slice(i * 8, 8);
            var box = new Quad(new(c[0], c[1]), new(c[2], c[3]), new(c[4], c[5]), new(c[6], c[7]));
            var (boxWidth, boxHeight) = ((int)box.Width, (int)box.Height);
            // Vertical text: PaddleOCR turns the crop a quarter counter-clockwise (np.rot90).
            var (origin, right, down) = boxHeight >= 1.5 * boxWidth && boxWidth > 0
                ? (box.TopRight, box.BottomRight, box.TopLeft)
                : (box.TopLeft, box.TopRight, box.BottomLeft);
            var along = origin.DistanceTo(right);
            var across = origin.DistanceTo(down);
            var width = across <= 0 ? 1 : Math.Max(1, (int)Math.Ceiling(height * along / across));
            lines[i] = (origin, right, down, width);
            widest = Math.Max(widest, width);
        }

        var outputWidth = fixedWidth > 0 ? fixedWidth : Math.Clamp(widest, minWidth, Math.Max(minWidth, maxWidth));
        var lineSize = 3 * height * outputWidth;
        var planes = new float[count * lineSize];
        if (count > 0)
        {
            using var image = RgbImages.ToImage(inputs["pixels"]);
            for (var i = 0; i < count; i++)
            {
                var (origin, right, down, width) = lines[i];
                width = Math.Min(width, outputWidth);
                var rgba = RgbImages.Render(image, width, height, Straighten(origin, right, down, width, height));
                RgbImages.Normalize(rgba, width, height, planes.AsSpan(i * lineSize, lineSize), outputWidth, height * outputWidth, scale, mean, std, bgr);
            }
        }

        return [Tensor.Create<float>("lines", [count, 3, height, outputWidth], planes)];
    }

    /// <summary>The affine map taking <paramref name="origin"/> to (0, 0), <paramref name="right"/> to (width, 0) and <paramref name="down"/> to (0, height).</summary>
    internal static SKMatrix Straighten(PointD origin, PointD right, PointD down, int width, int height)
    {
        // Target = A (p - origin), with A [u v] = diag(width, height) for u = right - origin, v = down - origin.
        double ux = right.X - origin.X, uy = right.Y - origin.Y, vx = down.X - origin.X, vy = down.Y - origin.Y;
        var det = (ux * vy) - (vx * uy);
        if (Math.Abs(det) < 1e-9)
        {
            return SKMatrix.CreateTranslation((float)-origin.X, (float)-origin.Y);
        }

        // inv([u v]) = 1/det [[vy, -vx], [-uy, ux]]
        var a = width * vy / det;
        var b = width * -vx / det;
        var c = height * -uy / det;
        var d = height * ux / det;
        return new SKMatrix(
            (float)a, (float)b, (float)(-(a * origin.X) - (b * origin.Y)),
            (float)c, (float)d, (float)(-(c * origin.X) - (d * origin.Y)),
            0, 0, 1);
    }
}
