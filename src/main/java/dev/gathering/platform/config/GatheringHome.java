package dev.gathering.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The directory where GatheRing keeps what must survive restarts: the embedded database and the generated secret. */
@Component
public class GatheringHome {

    private final Path path;

    public GatheringHome(@Value("${gathering.home}") Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    public Path path() {
        return path;
    }

    /** A sub-directory of the home, created (with the home) when missing. */
    public Path directory(String name) {
        Path directory = path.resolve(name);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        return directory;
    }
}
