package dev.gathering.auth;

import java.time.OffsetDateTime;

/** A row of {@code auth.users}; {@code externalId} is the public id and the token subject. */
record User(long id, String externalId, String email, String name, String passwordHash, String role, boolean isActive,
            OffsetDateTime createdAt) {
}
