using Microsoft.Extensions.Options;

namespace AIaaS.Grains.Controller;

/// <summary>Reports every bad setting of <see cref="ModelControllerOptions"/> at once, by its configuration key.</summary>
internal sealed class ModelControllerOptionsValidator : IValidateOptions<ModelControllerOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelControllerOptions options)
    {
        var errors = new List<string>();
        if (options.DrainDelay < TimeSpan.Zero)
        {
            errors.Add($"{ModelControllerOptions.SectionName}:DrainDelay must not be negative (it is {options.DrainDelay})");
        }

        if (options.AutoscalingInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{ModelControllerOptions.SectionName}:AutoscalingInterval must be at least 00:00:00.1 (it is {options.AutoscalingInterval})");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
