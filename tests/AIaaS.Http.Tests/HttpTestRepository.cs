using AIaaS.Testing;
using AIaaS.Testing.Onnx;

namespace AIaaS.Http.Tests;

/// <summary>The tiny models of the HTTP tests' silo processes.</summary>
internal sealed class HttpTestRepository : TinyModelRepository
{
    /// <summary><c>y = 2x</c> over FP32 <c>x [N,4]</c>.</summary>
    public const string Scale = "scale";

    /// <summary><c>y = x + 1</c> over FP32 <c>x [N,4]</c>.</summary>
    public const string AddOne = "add-one";

    public HttpTestRepository()
    {
        Add(Scale, TestOnnxModels.Scale(2f, 4));
        Add(AddOne, TestOnnxModels.AddOne(4));
    }
}
