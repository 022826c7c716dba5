using AIaaS.Cluster;
using Microsoft.Extensions.Options;

namespace AIaaS.Hosting;

/// <summary>Stops the silo at start on a bad setting, naming every bad key at once.</summary>
internal sealed class AIaaSSiloOptionsValidator : IValidateOptions<AIaaSSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, AIaaSSiloOptions options)
    {
        var errors = new List<string>();
        if (!SiloRoles.IsValid(options.Role))
        {
            errors.Add($"AIaaS:Role is '{options.Role}'; expected {SiloRoles.All}, {SiloRoles.Front} or {SiloRoles.Worker}");
        }

        if (string.IsNullOrWhiteSpace(options.ModelRepository))
        {
            errors.Add("AIaaS:ModelRepository is empty");
        }
        else if (!Directory.Exists(Path.GetFullPath(options.ModelRepository)))
        {
            // A silo without its repository would serve nothing while saying it is ready.
            errors.Add($"AIaaS:ModelRepository is '{options.ModelRepository}': no directory {Path.GetFullPath(options.ModelRepository)} (relative paths resolve against the working directory, {Environment.CurrentDirectory})");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            errors.Add($"AIaaS:ShutdownTimeout is {options.ShutdownTimeout}; expected more than 0 (e.g. 00:00:30)");
        }

        if (options.IdleMemoryTrim < TimeSpan.Zero)
        {
            errors.Add($"AIaaS:IdleMemoryTrim is {options.IdleMemoryTrim}; expected 0 (never) or more (e.g. 00:00:10)");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("AIaaS:DataDirectory is empty");
        }

        if (!System.Net.IPAddress.TryParse(options.Address, out _))
        {
            errors.Add($"AIaaS:Address is '{options.Address}'; expected an IP address");
        }

        if (options.SiloPort is < 1 or > 65535)
        {
            errors.Add($"AIaaS:SiloPort is {options.SiloPort}; expected 1-65535");
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            errors.Add($"AIaaS:GatewayPort is {options.GatewayPort}; expected 1-65535");
        }

        if (options.SiloPort == options.GatewayPort)
        {
            errors.Add("AIaaS:SiloPort and AIaaS:GatewayPort must differ");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add("AIaaS:ClusterId is empty");
        }

        if (options.Accelerator is { } accelerator && !SiloAccelerators.IsValid(accelerator))
        {
            errors.Add($"AIaaS:Accelerator is '{accelerator}'; expected {SiloAccelerators.Cuda} or {SiloAccelerators.Cpu}");
        }

        if (options.GpuMemoryMb is < 0)
        {
            errors.Add($"AIaaS:GpuMemoryMb is {options.GpuMemoryMb}; expected 0 or more");
        }

        if (options.GpuCount is < 0)
        {
            errors.Add($"AIaaS:GpuCount is {options.GpuCount}; expected 0 or more");
        }

        if (options.Onnx is null)
        {
            errors.Add("AIaaS:Onnx is empty");
        }
        else if (options.Onnx.IntraOpThreads < 0)
        {
            errors.Add($"AIaaS:Onnx:IntraOpThreads is {options.Onnx.IntraOpThreads}; expected 0 (one per core) or more");
        }

        if (options.Tls.IsEnabled)
        {
            foreach (var (key, path) in new[] { ("Certificate", options.Tls.Certificate), ("Key", options.Tls.Key), ("Authority", options.Tls.Authority) })
            {
                if (string.IsNullOrWhiteSpace(path))
                {
                    errors.Add($"AIaaS:Tls:{key} is not set: mutual TLS needs Certificate, Key and Authority together");
                }
                else if (!File.Exists(path))
                {
                    errors.Add($"AIaaS:Tls:{key} is '{path}', which does not exist");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
