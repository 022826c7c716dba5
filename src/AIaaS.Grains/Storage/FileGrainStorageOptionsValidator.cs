namespace AIaaS.Grains.Storage;

/// <summary>
/// Checks a file grain storage provider's options when the silo starts, so a missing data
/// directory stops the silo with a message naming the provider and the key instead of
/// failing on the first grain write.
/// </summary>
internal sealed class FileGrainStorageOptionsValidator(FileGrainStorageOptions options, string name)
    : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        // Every problem is reported at once, so one restart fixes them all.
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RootDirectory))
        {
            errors.Add($"{nameof(FileGrainStorageOptions)}.{nameof(FileGrainStorageOptions.RootDirectory)} is required");
        }
        else if (options.RootDirectory.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            errors.Add(
                $"{nameof(FileGrainStorageOptions)}.{nameof(FileGrainStorageOptions.RootDirectory)} "
                + $"'{options.RootDirectory}' contains characters invalid in a path");
        }

        if (options.GrainStorageSerializer is null)
        {
            errors.Add(
                $"{nameof(FileGrainStorageOptions)}.{nameof(FileGrainStorageOptions.GrainStorageSerializer)} is not set "
                + "and no IGrainStorageSerializer is registered");
        }

        if (errors.Count > 0)
        {
            throw new OrleansConfigurationException(
                $"Invalid configuration for {nameof(FileGrainStorage)} with name '{name}': {string.Join("; ", errors)}.");
        }
    }
}
