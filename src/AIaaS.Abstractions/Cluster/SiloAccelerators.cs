namespace AIaaS.Cluster;

/// <summary>Values of the <c>aiaas.accelerator</c> silo metadata key: what a silo's replicas execute on.</summary>
internal static class SiloAccelerators
{
    public const string Cuda = "cuda";
    public const string Cpu = "cpu";

    public static bool IsValid(string accelerator) => accelerator is Cuda or Cpu;
}
