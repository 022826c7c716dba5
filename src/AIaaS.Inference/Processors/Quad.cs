namespace AIaaS.Inference.Processors;

/// <summary>Four corners of a text box, clockwise from its top-left: as PaddleOCR orders them.</summary>
internal readonly record struct Quad(PointD TopLeft, PointD TopRight, PointD BottomRight, PointD BottomLeft)
{
    public double Width => Math.Max(TopLeft.DistanceTo(TopRight), BottomLeft.DistanceTo(BottomRight));

    public double Height => Math.Max(TopLeft.DistanceTo(BottomLeft), TopRight.DistanceTo(BottomRight));

    /// <summary>
    /// The corners of four points in PaddleOCR's <c>order_points_clockwise</c>: top-left has the
    /// smallest x + y, bottom-right the largest; of the other two, top-right has the smaller y - x.
    /// </summary>
    public static Quad Clockwise(ReadOnlySpan<PointD> points)
    {
        int tl = 0, br = 0;
        for (var i = 1; i < 4; i++)
        {
            if (points[i].X + points[i].Y < points[tl].X + points[tl].Y)
            {
                tl = i;
            }

            if (points[i].X + points[i].Y > points[br].X + points[br].Y)
            {
                br = i;
            }
        }

        if (tl == br)
        {
            br = (tl + 2) % 4;
        }

        int a = -1, b = -1;
        for (var i = 0; i < 4; i++)
        {
            if (i != tl && i != br)
            {
                if (a < 0)
                {
                    a = i;
                }
                else
                {
                    b = i;
                }
            }
        }

        var (tr, bl) = points[a].Y - points[a].X <= points[b].Y - points[b].X ? (a, b) : (b, a);
        return new Quad(points[tl], points[tr], points[br], points[bl]);
    }

    /// <summary>The same box read from its opposite corner: how the text's own top-left moves when it is upside down.</summary>
    public Quad Turned() => new(BottomRight, BottomLeft, TopLeft, TopRight);
}
