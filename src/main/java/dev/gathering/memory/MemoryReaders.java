package dev.gathering.memory;

import dev.gathering.circle.CircleService;
import dev.gathering.platform.security.AuthenticatedUser;
import org.springframework.stereotype.Component;

/** Builds the {@link Reader} of a request's caller, or of the user a chat runs for. */
@Component
class MemoryReaders {

    private final CircleService circles;

    MemoryReaders(CircleService circles) {
        this.circles = circles;
    }

    Reader of(AuthenticatedUser caller) {
        return new Reader(caller.id(), caller.isAdmin(), circles.ownedBy(caller.id()));
    }

    /** A chat's prompt gets the memories of the user chatting (and the shared ones), whatever their role. */
    Reader forChat(String userId) {
        String id = userId == null ? "" : userId;
        return new Reader(id, false, circles.ownedBy(id));
    }
}
