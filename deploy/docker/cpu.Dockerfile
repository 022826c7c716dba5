# The CPU silo image: any role (front, worker, all), ONNX Runtime's CPU execution provider.
#   docker build -f deploy/docker/cpu.Dockerfile -t aiaas-silo:cpu .     (or deploy/build-images.sh)
# Models are mounted at /models (a volume every silo shares, read-only); embedded-mode state, when
# Redis is not used, goes to /data.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN sh deploy/publish.sh cpu /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out .
# The aspnet image's non-root user (uid 1654).
RUN mkdir -p /models /data && chown app:app /data
USER app
ENV ASPNETCORE_URLS=http://+:8000 \
    AIaaS__ModelRepository=/models \
    AIaaS__DataDirectory=/data
# HTTP (OIP, health, /metrics), Orleans silo-to-silo, Orleans gateway.
EXPOSE 8000 11111 30000
VOLUME ["/models", "/data"]
ENTRYPOINT ["dotnet", "aiaas-silo.dll"]
