namespace AIaaS.Repository;

/// <summary>
/// A model repository, catalog or pull that cannot be used as it is. It carries every problem
/// found, not only the first, so an operator fixes them in one pass.
/// </summary>
public sealed class ModelRepositoryException : Exception
{
    public ModelRepositoryException()
        : this("the model repository is invalid")
    {
    }

    public ModelRepositoryException(string message)
        : this(message, [])
    {
    }

    public ModelRepositoryException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    public ModelRepositoryException(string message, IReadOnlyList<string> errors)
        : base(errors.Count == 0 ? message : message + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors)) =>
        Errors = errors;

    /// <summary>Each problem on its own, as the message lists them.</summary>
    public IReadOnlyList<string> Errors { get; }
}
