using AIaaS.Tenants;

namespace AIaaS.Grains.Tenants;

/// <summary>Maps a key's hash to its tenant; revocation is permanent.</summary>
internal sealed class ApiKeyGrain(
    [PersistentState("api-key", GrainStorageNames.Default)] IPersistentState<ApiKeyGrainState> state) : Grain, IApiKeyGrain
{
    public Task<ApiKeyIdentity?> Resolve() =>
        Task.FromResult(state.State is { Identity: { } identity, Revoked: false } && ApiKeys.HashesEqual(state.State.Sha256, this.GetPrimaryKeyString())
            ? identity
            : null);

    public async Task Bind(ApiKeyIdentity identity)
    {
        if (state.State.Identity is not null)
        {
            // 256 random bits do not collide; a second bind is a bug, never a takeover.
            throw new InvalidOperationException("this key is already bound");
        }

        state.State.Identity = identity;
        state.State.Sha256 = this.GetPrimaryKeyString();
        await state.WriteStateAsync();
    }

    public async Task Revoke()
    {
        if (!state.State.Revoked)
        {
            state.State.Revoked = true;
            await state.WriteStateAsync();
        }
    }
}
