package dev.gathering.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.gathering.platform.web.ApiException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where plugins may be read from and written to: the roots of {@code GATHERING_PLUGIN_ROOTS} (default
 * {@code GATHERING_HOME/plugins}). A path is inside a root when its real path (symbolic links resolved) is; anything
 * else is refused. stdio plugins run in {@code GATHERING_HOME/plugins/run/<id>}.
 */
@Component
class PluginRoots {

    private final List<Path> roots = new ArrayList<>();
    private final Path home;

    PluginRoots(PluginProperties properties, @Value("${gathering.home}") String home) {
        this.home = Path.of(home).toAbsolutePath().normalize();
        List<String> configured = properties.roots().stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String root : configured.isEmpty() ? List.of(this.home.resolve("plugins").toString()) : configured) {
            roots.add(Path.of(root).toAbsolutePath().normalize());
        }
    }

    List<Path> roots() {
        return roots;
    }

    Path workingDirectories() {
        return home.resolve("plugins").resolve("run");
    }

    /** The real path of an existing directory inside a root, or 400/403 saying why not. */
    Path existingDirectory(String given) {
        Path path = resolve(given);
        if (!Files.isDirectory(path)) {
            throw ApiException.badRequest("Directory " + given + " does not exist");
        }
        return path;
    }

    /** A file to write: its parent must exist inside a root. */
    Path writableFile(String given) {
        Path path = resolve(given);
        if (path.getParent() == null || !Files.isDirectory(path.getParent())) {
            throw ApiException.badRequest("The directory of " + given + " does not exist");
        }
        if (Files.isDirectory(path)) {
            throw ApiException.badRequest(given + " is a directory; give a file name ending in .json");
        }
        if (!path.getFileName().toString().endsWith(".json")) {
            throw ApiException.badRequest("Plugin manifests are JSON files: the name must end in .json");
        }
        return path;
    }

    private Path resolve(String given) {
        if (given == null || given.isBlank() || given.indexOf('\0') >= 0) {
            throw ApiException.badRequest("A path is required");
        }
        Path path = Path.of(given.trim());
        if (!path.isAbsolute()) {
            path = roots.getFirst().resolve(path);
        }
        path = path.toAbsolutePath().normalize();
        Path real = realOrParent(path);
        for (Path root : roots) {
            Path realRoot = realOrParent(root);
            if (real.startsWith(realRoot)) {
                return real;
            }
        }
        throw ApiException.forbidden("Access denied: " + given + " is outside the plugin directories ("
                + String.join(", ", roots.stream().map(Path::toString).toList()) + "; set GATHERING_PLUGIN_ROOTS to change them)");
    }

    /** The real path, resolving links of the deepest existing ancestor. */
    private static Path realOrParent(Path path) {
        Path existing = path;
        Path rest = Path.of("");
        while (existing != null && !Files.exists(existing)) {
            rest = existing.getFileName().resolve(rest);
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(rest).normalize();
        } catch (IOException e) {
            return path;
        }
    }
}
