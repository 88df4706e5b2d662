package dev.gathering.provider;

/**
 * What uses a provider, asked before it is deleted: a port the features that bind to providers fill (the agents
 * feature), so that this feature never reads or writes their tables.
 */
public interface ProviderUsage {

    /** How many live things (agents) are bound to the provider: a provider in use is not deleted. */
    long inUse(long providerId);

    /** Removes what still refers to the provider but is no longer in use (deleted agents), just before it goes. */
    void release(long providerId);
}
