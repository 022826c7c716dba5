namespace AIaaS.Http.Endpoints;

/// <summary>The body of <c>POST /v1/ocr</c>'s answer.</summary>
internal sealed record OcrResponse(IReadOnlyList<OcrLineResponse> Lines);
