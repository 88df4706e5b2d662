package dev.gathering.platform.ratelimit;

/** The rate-limit tiers of the API, per endpoint and client, per minute (defaults; each is configurable). */
public enum Tier {
    /** login and registration */
    AUTH,
    /** mutations, chat, searches that cost work */
    WRITE,
    /** reads */
    READ,
    /** health probes */
    HEALTH
}
