namespace AIaaS.Inference.Processors;

/// <summary>A point in image pixels.</summary>
internal readonly record struct PointD(double X, double Y)
{
    public double DistanceTo(PointD other) => Math.Sqrt(((X - other.X) * (X - other.X)) + ((Y - other.Y) * (Y - other.Y)));
}
