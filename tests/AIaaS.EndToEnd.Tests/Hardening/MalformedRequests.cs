using System.Globalization;
using System.Text;

namespace AIaaS.EndToEnd.Tests.Hardening;

/// <summary>
/// Seeded generator of hostile requests against <c>ppocr-det</c> (<c>x [N,3,H,W]</c> FP32): each
/// case names its kind, so a failure says which family of input broke the front.
/// </summary>
internal sealed class MalformedRequests(int seed)
{
    public const string Model = "ppocr-det";

    private static readonly string[] Kinds =
    [
        "mutated-json", "truncated-json", "lying-header-length", "bytes-bad-prefix", "odd-numbers",
        "deep-nesting", "odd-names", "huge-shape", "random-headers", "wrong-types",
    ];

    private static readonly string[] OddNames = ["\u0000", "x\u202e", "\ud800", "ｘ", "x\r\nInjected: 1", "😀", new string('x', 5000), "", " x", "..\\..\\x"];

    private readonly Random _random = new(seed);

    /// <summary>A valid JSON body: <c>x [1,3,32,32]</c> of small values.</summary>
    public static string ValidJson { get; } = Json("x", "[1,3,32,32]", "FP32", string.Join(',', Enumerable.Repeat("0.5", 3 * 32 * 32)));

    public Case Next()
    {
        var kind = Kinds[_random.Next(Kinds.Length)];
        return kind switch
        {
            "mutated-json" => Mutated(kind),
            "truncated-json" => new Case(kind, Model, Encoding.UTF8.GetBytes(ValidJson[.._random.Next(ValidJson.Length)]), []),
            "lying-header-length" => LyingHeader(kind),
            "bytes-bad-prefix" => BytesBadPrefix(kind),
            "odd-numbers" => OddNumbers(kind),
            "deep-nesting" => DeepNesting(kind),
            "odd-names" => OddName(kind),
            "huge-shape" => HugeShape(kind),
            "random-headers" => RandomHeaders(kind),
            _ => WrongTypes(kind),
        };
    }

    private Case Mutated(string kind)
    {
        var bytes = Encoding.UTF8.GetBytes(ValidJson);
        var edits = 1 + _random.Next(8);
        for (var i = 0; i < edits; i++)
        {
            bytes[_random.Next(bytes.Length)] = (byte)"{}[]\",:0-.eE\\ \u00ff"[_random.Next(15)];
        }

        return new Case(kind, Model, bytes, []);
    }

    private Case LyingHeader(string kind)
    {
        var json = Encoding.UTF8.GetBytes(Json("x", "[1,3,32,32]", "FP32", null, binary: 3 * 32 * 32 * 4));
        var data = new byte[_random.Next(0, 3 * 32 * 32 * 4 + 64)];
        _random.NextBytes(data);
        string[] lies = ["-1", "abc", "99999999999999999999", json.Length.ToString(CultureInfo.InvariantCulture) + "0", "0", (json.Length - 3).ToString(CultureInfo.InvariantCulture), "1e3", " 5", "4,4"];
        var header = _random.Next(3) == 0 ? json.Length.ToString(CultureInfo.InvariantCulture) : lies[_random.Next(lies.Length)];
        return new Case(kind, Model, [.. json, .. data], [("Inference-Header-Content-Length", header)]);
    }

    private Case BytesBadPrefix(string kind)
    {
        var elements = 1 + _random.Next(4);
        var data = new List<byte>();
        for (var i = 0; i < elements; i++)
        {
            var lengths = new[] { -1, int.MaxValue, 1 << 30, _random.Next(0, 64), 3 };
            data.AddRange(BitConverter.GetBytes(lengths[_random.Next(lengths.Length)]));
            var payload = new byte[_random.Next(0, 16)];
            _random.NextBytes(payload);
            data.AddRange(payload);
        }

        var json = Encoding.UTF8.GetBytes(Json("x", $"[{elements}]", "BYTES", null, binary: data.Count));
        return new Case(kind, Model, [.. json, .. data], [("Inference-Header-Content-Length", json.Length.ToString(CultureInfo.InvariantCulture))]);
    }

    private Case OddNumbers(string kind)
    {
        string[] values = ["NaN", "Infinity", "-Infinity", "1e309", "-1e400", "123456789012345678901234567890", "0x10", "\"1\"", "null", "true", "1.7976931348623157e309", "-0", "5e-400"];
        var data = string.Join(',', Enumerable.Range(0, 3 * 32 * 32).Select(_ => _random.Next(50) == 0 ? values[_random.Next(values.Length)] : "0.25"));
        return new Case(kind, Model, Encoding.UTF8.GetBytes(Json("x", "[1,3,32,32]", "FP32", data)), []);
    }

    private Case DeepNesting(string kind)
    {
        var depth = _random.Next(64, 20_000);
        var data = new string('[', depth) + "1" + new string(']', depth);
        var body = _random.Next(2) == 0 ? Json("x", "[1,3,32,32]", "FP32", data) : new string('[', depth) + new string(']', depth);
        return new Case(kind, Model, Encoding.UTF8.GetBytes(body), []);
    }

    private Case OddName(string kind)
    {
        var name = OddNames[_random.Next(OddNames.Length)];
        var escaped = System.Text.Json.JsonSerializer.Serialize(name);
        var body = $"{{\"inputs\":[{{\"name\":{escaped},\"shape\":[1,3,32,32],\"datatype\":\"FP32\",\"data\":[{string.Join(',', Enumerable.Repeat("0", 3 * 32 * 32))}]}}]}}";
        var model = _random.Next(3) == 0 ? Uri.EscapeDataString(name.Length > 100 ? name[..100] : name) : Model;
        return new Case(kind, model.Length == 0 ? "%20" : model, Encoding.UTF8.GetBytes(body), []);
    }

    private Case HugeShape(string kind)
    {
        string[] shapes = ["[100000,100000]", "[4611686018427387904,4611686018427387904]", "[-1,3,32,32]", "[1,3,32,-32]", "[2147483647,3,32,32]",
            "[1,3,100000,100000]", "[]", "[0,3,32,32]", "[9223372036854775807]", "[1.5,3,32,32]", "[1,3,32,32,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]"];
        var binary = _random.Next(2) == 0;
        var shape = shapes[_random.Next(shapes.Length)];
        if (binary)
        {
            var json = Encoding.UTF8.GetBytes(Json("x", shape, "FP32", null, binary: 16));
            return new Case(kind, Model, [.. json, .. new byte[16]], [("Inference-Header-Content-Length", json.Length.ToString(CultureInfo.InvariantCulture))]);
        }

        return new Case(kind, Model, Encoding.UTF8.GetBytes(Json("x", shape, "FP32", "1,2,3")), []);
    }

    private Case RandomHeaders(string kind)
    {
        var headers = new List<(string, string)>();
        var count = _random.Next(1, 20);
        for (var i = 0; i < count; i++)
        {
            var value = new string((char)_random.Next(0x21, 0x7e), _random.Next(1, 2000));
            headers.Add(($"X-Fuzz-{i}", value));
        }

        string[] contentTypes = ["application/json", "text/plain", "application/octet-stream", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "garbage"];
        headers.Add(("Content-Type", contentTypes[_random.Next(contentTypes.Length)]));
        return new Case(kind, Model, Encoding.UTF8.GetBytes(ValidJson), headers);
    }

    private Case WrongTypes(string kind)
    {
        string[] bodies =
        [
            "{\"inputs\": {}}", "{\"inputs\": [1, 2, 3]}", "{\"inputs\": [{\"name\": 5}]}", "[]", "null", "\"x\"", "{\"inputs\": null}",
            Json("x", "[1,3,32,32]", "FP99", "1"), Json("x", "\"abc\"", "FP32", "1"), Json("x", "[1,3,32,32]", "INT8", "300,-300"),
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,3,32,32],\"datatype\":\"FP32\",\"data\":[1],\"parameters\":{\"binary_data_size\":-5}}]}",
            "{\"inputs\":[],\"outputs\":[{\"name\":\"nope\"}]}", "{\"id\": 12, \"inputs\": []}", "{}",
        ];
        return new Case(kind, Model, Encoding.UTF8.GetBytes(bodies[_random.Next(bodies.Length)]), []);
    }

    private static string Json(string name, string shape, string datatype, string? data, int binary = -1) =>
        binary >= 0
            ? $"{{\"inputs\":[{{\"name\":\"{name}\",\"shape\":{shape},\"datatype\":\"{datatype}\",\"parameters\":{{\"binary_data_size\":{binary}}}}}]}}"
            : $"{{\"inputs\":[{{\"name\":\"{name}\",\"shape\":{shape},\"datatype\":\"{datatype}\",\"data\":[{data}]}}]}}";

    /// <summary>One request: what kind of malformation, the model path segment, the body and extra headers.</summary>
    internal sealed record Case(string Kind, string Model, byte[] Body, IReadOnlyList<(string Name, string Value)> Headers);
}
