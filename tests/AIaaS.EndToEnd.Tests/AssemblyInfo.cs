// Each test class starts real silo processes; on a 2-core machine, classes running side by side
// would only slow each other's start-up. One class at a time keeps start-up times predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
