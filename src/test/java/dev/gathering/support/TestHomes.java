package dev.gathering.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Throw-away GATHERING_HOME directories. */
public final class TestHomes {

    private TestHomes() {
    }

    public static Path create() {
        try {
            Path home = Files.createTempDirectory("gathering-home");
            home.toFile().deleteOnExit();
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
