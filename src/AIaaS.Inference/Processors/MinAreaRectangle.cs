namespace AIaaS.Inference.Processors;

/// <summary>
/// The smallest rotated rectangle around a set of points (OpenCV's <c>minAreaRect</c>): the convex
/// hull, then rotating calipers (one side of the best rectangle lies on a hull edge).
/// </summary>
internal static class MinAreaRectangle
{
    /// <summary>The rectangle's corners (in no particular order) and its shorter and longer sides.</summary>
    public static (PointD[] Corners, double Short, double Long) Around(List<(int X, int Y)> points)
    {
        var hull = ConvexHull(points);
        if (hull.Count == 1)
        {
            var p = hull[0];
            return ([p, p, p, p], 0, 0);
        }

        var bestArea = double.MaxValue;
        PointD[] best = [];
        double bestW = 0, bestH = 0;
        for (var i = 0; i < hull.Count; i++)
        {
            var a = hull[i];
            var b = hull[(i + 1) % hull.Count];
            var length = a.DistanceTo(b);
            if (length == 0)
            {
                continue;
            }

            var ux = (b.X - a.X) / length;
            var uy = (b.Y - a.Y) / length;
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (var p in hull)
            {
                var u = (p.X * ux) + (p.Y * uy);
                var v = (-p.X * uy) + (p.Y * ux);
                minU = Math.Min(minU, u);
                maxU = Math.Max(maxU, u);
                minV = Math.Min(minV, v);
                maxV = Math.Max(maxV, v);
            }

            var area = (maxU - minU) * (maxV - minV);
            if (area < bestArea - 1e-9)
            {
                bestArea = area;
                bestW = maxU - minU;
                bestH = maxV - minV;
                best =
                [
                    Back(minU, minV), Back(maxU, minV), Back(maxU, maxV), Back(minU, maxV),
                ];
            }

            PointD Back(double u, double v) => new((u * ux) - (v * uy), (u * uy) + (v * ux));
        }

        return (best, Math.Min(bestW, bestH), Math.Max(bestW, bestH));
    }

    /// <summary>
    /// The rectangle grown by <paramref name="distance"/> on every side: what offsetting the rectangle
    /// (PaddleOCR's unclip through pyclipper) and taking the smallest rectangle around the result gives.
    /// </summary>
    public static PointD[] Grow(PointD[] corners, double distance)
    {
        var cx = (corners[0].X + corners[2].X) / 2;
        var cy = (corners[0].Y + corners[2].Y) / 2;
        var ux = corners[1].X - corners[0].X;
        var uy = corners[1].Y - corners[0].Y;
        var vx = corners[3].X - corners[0].X;
        var vy = corners[3].Y - corners[0].Y;
        var lu = Math.Sqrt((ux * ux) + (uy * uy));
        var lv = Math.Sqrt((vx * vx) + (vy * vy));
        (ux, uy) = lu == 0 ? (1.0, 0.0) : (ux / lu, uy / lu);
        (vx, vy) = lv == 0 ? (-uy, ux) : (vx / lv, vy / lv);
        var hu = (lu / 2) + distance;
        var hv = (lv / 2) + distance;
        return
        [
            new(cx - (hu * ux) - (hv * vx), cy - (hu * uy) - (hv * vy)),
            new(cx + (hu * ux) - (hv * vx), cy + (hu * uy) - (hv * vy)),
            new(cx + (hu * ux) + (hv * vx), cy + (hu * uy) + (hv * vy)),
            new(cx - (hu * ux) + (hv * vx), cy - (hu * uy) + (hv * vy)),
        ];
    }

    private static List<PointD> ConvexHull(List<(int X, int Y)> points)
    {
        // Andrew's monotone chain on integer pixel coordinates: exact, no floating-point orientation errors.
        var sorted = points.Distinct().OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        if (sorted.Length < 3)
        {
            return [.. sorted.Select(p => new PointD(p.X, p.Y))];
        }

        var hull = new (int X, int Y)[sorted.Length * 2];
        var k = 0;
        foreach (var p in sorted)
        {
            while (k >= 2 && Cross(hull[k - 2], hull[k - 1], p) <= 0)
            {
                k--;
            }

            hull[k++] = p;
        }

        for (int i = sorted.Length - 2, lower = k + 1; i >= 0; i--)
        {
            var p = sorted[i];
            while (k >= lower && Cross(hull[k - 2], hull[k - 1], p) <= 0)
            {
                k--;
            }

            hull[k++] = p;
        }

        return [.. hull.Take(k - 1).Select(p => new PointD(p.X, p.Y))];

        static long Cross((int X, int Y) o, (int X, int Y) a, (int X, int Y) b) =>
            ((long)(a.X - o.X) * (b.Y - o.Y)) - ((long)(a.Y - o.Y) * (b.X - o.X));
    }
}
