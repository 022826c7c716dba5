namespace AIaaS.Http.Endpoints;

/// <summary><c>POST /v1/models/{name}/text-classification</c>'s answer: the category and each category's probability.</summary>
internal sealed record TextClassificationResponse(string Category, IReadOnlyDictionary<string, float> Scores);
