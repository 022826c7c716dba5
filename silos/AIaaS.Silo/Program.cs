using AIaaS.Hosting;
using AIaaS.Http.Hosting;

var builder = WebApplication.CreateBuilder(args);
if (AIaaSSiloBuilderExtensions.HttpBindings(builder.Configuration).Count == 0)
{
    // Loopback unless told otherwise: a local run never listens beyond this machine.
    builder.WebHost.UseUrls("http://127.0.0.1:8000");
}

builder.AddAIaaSSilo();
builder.Services.AddAIaaSSiloProcess(builder.Configuration);

var app = builder.Build();
app.MapAIaaS();
app.Run();
