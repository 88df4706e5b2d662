package dev.gathering.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import dev.gathering.platform.config.GatheringHome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The server's secret: it signs tokens and derives the key that encrypts stored API keys. Taken from
 * GATHERING_SECRET_KEY; when that is unset, generated once and kept in {@code GATHERING_HOME/secret.key}
 * (mode 600) so that tokens survive restarts.
 */
@Component
public class ServerSecret {

    private static final Logger log = LoggerFactory.getLogger(ServerSecret.class);
    static final int MINIMUM_LENGTH = 32;

    private final byte[] secret;

    public ServerSecret(@Value("${gathering.auth.secret-key:}") String configured, GatheringHome home) {
        if (configured != null && !configured.isBlank()) {
            if (configured.length() < MINIMUM_LENGTH) {
                throw new IllegalStateException("GATHERING_SECRET_KEY must be at least " + MINIMUM_LENGTH
                        + " characters long (it has " + configured.length() + ")");
            }
            this.secret = configured.getBytes(StandardCharsets.UTF_8);
        } else {
            this.secret = loadOrGenerate(home.path().resolve("secret.key")).getBytes(StandardCharsets.UTF_8);
        }
    }

    public byte[] bytes() {
        return secret.clone();
    }

    private static String loadOrGenerate(Path file) {
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file).strip();
                if (stored.length() >= MINIMUM_LENGTH) {
                    return stored;
                }
                throw new IllegalStateException(file + " holds a secret shorter than " + MINIMUM_LENGTH + " characters");
            }
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, generated);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            log.info("Generated a signing secret in {} (set GATHERING_SECRET_KEY to choose your own)", file);
            // another instance starting on the same home at the same moment may have won the rename
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the signing secret " + file, e);
        }
    }
}
