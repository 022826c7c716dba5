# The GPU silo image: the same silo built against Microsoft.ML.OnnxRuntime.Gpu, on NVIDIA's CUDA
# and cuDNN runtime (ONNX Runtime 1.31's CUDA execution provider needs CUDA 12 and cuDNN 9). The
# host needs the NVIDIA driver and container toolkit; the silo detects its GPUs with nvidia-smi,
# which the toolkit mounts.
#   docker build -f deploy/docker/gpu.Dockerfile -t aiaas-silo:gpu .     (or deploy/build-images.sh)
# Never built in this repository's CI (no container engine, no CUDA base, no .Gpu package on its
# feed): see "The GPU build" in docs/operations.md for what is checked instead.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN sh deploy/publish.sh gpu /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS dotnet

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
# The ASP.NET Core runtime from Microsoft's image; the silo runs with invariant globalization, so
# no ICU is needed.
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && groupadd --gid 1654 app && useradd --uid 1654 --gid app --no-create-home app \
 && mkdir -p /models /data && chown app:app /data
WORKDIR /app
COPY --from=build /out .
USER app
ENV ASPNETCORE_URLS=http://+:8000 \
    AIaaS__ModelRepository=/models \
    AIaaS__DataDirectory=/data \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility
EXPOSE 8000 11111 30000
VOLUME ["/models", "/data"]
ENTRYPOINT ["dotnet", "aiaas-silo.dll"]
