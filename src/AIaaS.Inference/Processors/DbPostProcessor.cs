using AIaaS.Errors;
using AIaaS.Models;
using AIaaS.Tensors;

namespace AIaaS.Inference.Processors;

/// <summary>
/// <c>db_postprocess</c>: a DB text detector's probability map to text boxes, as PaddleOCR's
/// <c>DBPostProcess</c> (score mode "fast") and its predictor's filtering and sorting: pixels above
/// <c>threshold</c> (0.3), 8-connected regions (at most <c>max_candidates</c>, 1000), the smallest
/// rotated rectangle around each, dropped when its shorter side is under <c>min_size</c> (3) or the
/// mean probability inside it is under <c>box_threshold</c> (0.6), grown by
/// <c>area * unclip_ratio / perimeter</c> (1.5) on every side, mapped back to the image's pixels
/// (<c>source_size</c>), and sorted into reading order (top to bottom; left to right within 10 pixels).
/// Outputs <c>boxes [K, 4, 2]</c> (x, y of each corner, clockwise from the top-left) and <c>scores [K]</c>.
/// </summary>
internal sealed class DbPostProcessor : IProcessor
{
    public const string Name = "db_postprocess";

    private readonly float threshold;
    private readonly float boxThreshold;
    private readonly float unclipRatio;
    private readonly int minSize;
    private readonly int maxCandidates;

    public DbPostProcessor(ProcessorParameters parameters)
    {
        threshold = parameters.Float("threshold", 0.3f, 0f, 1f);
        boxThreshold = parameters.Float("box_threshold", 0.6f, 0f, 1f);
        unclipRatio = parameters.Float("unclip_ratio", 1.5f, 0f, 100f);
        minSize = parameters.Int("min_size", 3, 0, 10_000);
        maxCandidates = parameters.Int("max_candidates", 1000, 1, 100_000);
    }

    public ModelSignature Signature { get; } = new(
        [new TensorSpec("maps", TensorDataType.Fp32, [1, 1, -1, -1]), new TensorSpec("source_size", TensorDataType.Int64, [2])],
        [new TensorSpec("boxes", TensorDataType.Fp32, [-1, 4, 2]), new TensorSpec("scores", TensorDataType.Fp32, [-1])]);

    public IReadOnlyList<TensorPayload> Process(ProcessorInputs inputs)
    {
        var maps = inputs["maps"];
        var height = checked((int)maps.Shape[2]);
        var width = checked((int)maps.Shape[3]);
        var size = inputs.Int64s("source_size");
        if (size[0] <= 0 || size[1] <= 0 || size[0] > int.MaxValue || size[1] > int.MaxValue)
        {
            throw InferenceException.InvalidArgument($"input 'source_size' [{size[0]}, {size[1]}] must be a positive height and width");
        }

        var (boxes, scores) = Detect(inputs.Floats("maps"), height, width, (int)size[0], (int)size[1]);
        var flat = new float[boxes.Count * 8];
        for (var i = 0; i < boxes.Count; i++)
        {
            var b = boxes[i];
            ReadOnlySpan<PointD> corners = [b.TopLeft, b.TopRight, b.BottomRight, b.BottomLeft];
            for (var c = 0; c < 4; c++)
            {
                flat[(i * 8) + (c * 2)] = (float)corners[c].X;
                flat[(i * 8) + (c * 2) + 1] = (float)corners[c].Y;
            }
        }

        return [Tensor.Create<float>("boxes", [boxes.Count, 4, 2], flat), Tensor.Create<float>("scores", [scores.Count], scores.ToArray())];
    }

    /// <summary>The boxes in the source image's pixels, in reading order, with their scores.</summary>
    public (List<Quad> Boxes, List<float> Scores) Detect(ReadOnlySpan<float> map, int height, int width, int sourceHeight, int sourceWidth)
    {
        var found = new List<(Quad Box, float Score)>();
        var labels = new int[height * width];
        var stack = new Stack<int>();
        var extremes = new List<(int X, int Y)>();
        var regions = 0;
        var scaled = new PointD[4];
        for (var start = 0; start < labels.Length && regions < maxCandidates; start++)
        {
            if (labels[start] != 0 || !(map[start] > threshold))
            {
                continue;
            }

            regions++;
            var rowMin = new Dictionary<int, (int Min, int Max)>();
            labels[start] = regions;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var index = stack.Pop();
                int x = index % width, y = index / width;
                rowMin[y] = rowMin.TryGetValue(y, out var r) ? (Math.Min(r.Min, x), Math.Max(r.Max, x)) : (x, x);
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = y + dy;
                    if ((uint)ny >= (uint)height)
                    {
                        continue;
                    }

                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        var neighbour = (ny * width) + nx;
                        if ((uint)nx < (uint)width && labels[neighbour] == 0 && map[neighbour] > threshold)
                        {
                            labels[neighbour] = regions;
                            stack.Push(neighbour);
                        }
                    }
                }
            }

            // The leftmost and rightmost pixel of each row span the region's convex hull.
            extremes.Clear();
            foreach (var (y, (min, max)) in rowMin)
            {
                extremes.Add((min, y));
                extremes.Add((max, y));
            }

            var (corners, shortSide, longSide) = MinAreaRectangle.Around(extremes);
            if (shortSide < minSize)
            {
                continue;
            }

            var score = MeanInside(map, height, width, corners);
            if (score < boxThreshold)
            {
                continue;
            }

            var perimeter = 2 * (shortSide + longSide);
            var distance = perimeter == 0 ? 0 : shortSide * longSide * unclipRatio / perimeter;
            if (shortSide + (2 * distance) < minSize + 2)
            {
                continue;
            }

            var grown = MinAreaRectangle.Grow(corners, distance);
            for (var c = 0; c < 4; c++)
            {
                // As PaddleOCR: rounded to whole pixels, inside the image.
                scaled[c] = new PointD(
                    Math.Clamp(Math.Round(grown[c].X / width * sourceWidth), 0, sourceWidth - 1),
                    Math.Clamp(Math.Round(grown[c].Y / height * sourceHeight), 0, sourceHeight - 1));
            }

            var box = Quad.Clockwise(scaled);
            if ((int)box.TopLeft.DistanceTo(box.TopRight) <= 3 || (int)box.TopLeft.DistanceTo(box.BottomLeft) <= 3)
            {
                continue;
            }

            found.Add((box, score));
        }

        SortReadingOrder(found);
        return ([.. found.Select(f => f.Box)], [.. found.Select(f => f.Score)]);
    }

    /// <summary>PaddleOCR's <c>sorted_boxes</c>: by top-left y then x, then neighbours within 10 pixels of height left to right.</summary>
    internal static void SortReadingOrder(List<(Quad Box, float Score)> boxes)
    {
        boxes.Sort((a, b) => a.Box.TopLeft.Y != b.Box.TopLeft.Y
            ? a.Box.TopLeft.Y.CompareTo(b.Box.TopLeft.Y)
            : a.Box.TopLeft.X.CompareTo(b.Box.TopLeft.X));
        for (var i = 0; i < boxes.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                if (Math.Abs(boxes[j + 1].Box.TopLeft.Y - boxes[j].Box.TopLeft.Y) < 10 && boxes[j + 1].Box.TopLeft.X < boxes[j].Box.TopLeft.X)
                {
                    (boxes[j], boxes[j + 1]) = (boxes[j + 1], boxes[j]);
                }
                else
                {
                    break;
                }
            }
        }
    }

    private static float MeanInside(ReadOnlySpan<float> map, int height, int width, PointD[] corners)
    {
        var xmin = Math.Clamp((int)Math.Floor(corners.Min(c => c.X)), 0, width - 1);
        var xmax = Math.Clamp((int)Math.Ceiling(corners.Max(c => c.X)), 0, width - 1);
        var ymin = Math.Clamp((int)Math.Floor(corners.Min(c => c.Y)), 0, height - 1);
        var ymax = Math.Clamp((int)Math.Ceiling(corners.Max(c => c.Y)), 0, height - 1);
        double sum = 0;
        var count = 0;
        for (var y = ymin; y <= ymax; y++)
        {
            for (var x = xmin; x <= xmax; x++)
            {
                if (Inside(corners, x, y))
                {
                    sum += map[(y * width) + x];
                    count++;
                }
            }
        }

        return count == 0 ? 0 : (float)(sum / count);
    }

    private static bool Inside(PointD[] corners, double x, double y)
    {
        // A convex polygon: the point is on the same side of every edge (edges included).
        var sign = 0;
        for (var i = 0; i < 4; i++)
        {
            var a = corners[i];
            var b = corners[(i + 1) % 4];
            var cross = ((b.X - a.X) * (y - a.Y)) - ((b.Y - a.Y) * (x - a.X));
            if (Math.Abs(cross) < 1e-9)
            {
                continue;
            }

            var s = Math.Sign(cross);
            if (sign == 0)
            {
                sign = s;
            }
            else if (s != sign)
            {
                return false;
            }
        }

        return true;
    }
}
