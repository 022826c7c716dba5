using System.Globalization;

namespace AIaaS.Models;

/// <summary>Builds and reads replica grain keys, <c>{model}/{version}/{index}</c>.</summary>
public static class ReplicaKey
{
    public static string Format(string model, int version, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{model}/{version}/{index}");

    public static (string Model, int Version, int Index) Parse(string key)
    {
        var last = key.LastIndexOf('/');
        var middle = key.LastIndexOf('/', last - 1);
        if (last <= 0 || middle <= 0)
        {
            throw new FormatException($"replica key '{key}' is not of the form model/version/index");
        }

        return (key[..middle],
            int.Parse(key.AsSpan(middle + 1, last - middle - 1), CultureInfo.InvariantCulture),
            int.Parse(key.AsSpan(last + 1), CultureInfo.InvariantCulture));
    }
}
