package dev.gathering.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.gathering.platform.config.GatheringHome;
import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Which server folders may become projects or be browsed. A folder must lie under one of the allowed roots
 * ({@code GATHERING_WORKSPACE_ALLOWED}; default the user's home and the workspace root), compared by path components
 * of real paths (symbolic links resolved). Never: system folders ({@code /proc}, {@code /sys}, {@code /dev},
 * {@code /boot}, {@code /etc}, {@code /root} unless it is the home, …), credential folders ({@code .ssh},
 * {@code .gnupg}, {@code .aws}, …), the server's own {@code GATHERING_HOME} (its secret and database) outside the
 * workspace root, nor a folder containing the home or {@code GATHERING_HOME} (it would expose them).
 */
@Component
public class FolderPolicy {

    private static final List<Path> SYSTEM = List.of("/proc", "/sys", "/dev", "/boot", "/etc", "/run", "/bin", "/sbin",
            "/lib", "/lib32", "/lib64", "/libx32", "/usr", "/root", "/var/lib", "/var/log", "/var/run", "/var/spool",
            "/var/cache", "/var/mail", "/snap", "/lost+found").stream().map(Path::of).toList();
    private static final Set<String> CREDENTIAL_FOLDERS = Set.of(".ssh", ".gnupg", ".aws", ".kube", ".docker",
            ".password-store", ".azure", ".gcloud");

    private final Path workspaceRoot;
    private final Path gatheringHome;
    private final Path userHome;
    private final List<Path> allowed;

    public FolderPolicy(WorkspaceProperties properties, GatheringHome home) {
        Path root = properties.root() == null || properties.root().toString().isBlank()
                ? home.path().resolve("workspaces") : properties.root().toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            this.workspaceRoot = root.toRealPath();
            this.gatheringHome = home.path().toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the workspace root " + root, e);
        }
        this.userHome = real(Path.of(System.getProperty("user.home")));
        List<Path> roots = new ArrayList<>();
        if (properties.allowed().isEmpty()) {
            roots.add(userHome);
            roots.add(workspaceRoot);
        } else {
            properties.allowed().forEach(value -> roots.add(real(Path.of(value).toAbsolutePath().normalize())));
        }
        this.allowed = List.copyOf(roots);
    }

    /** Where repositories are cloned (created at start-up). */
    public Path workspaceRoot() {
        return workspaceRoot;
    }

    public List<Path> allowedRoots() {
        return allowed;
    }

    /** The user's home: the default of folder browsing. */
    public Path userHome() {
        return userHome;
    }

    /**
     * The real path of an existing folder that may be browsed: 400 not a folder, 404 missing, 403 system folder or
     * outside the allowed roots.
     */
    public Path browsable(String path) {
        Path real = existingFolder(path);
        refuseForbidden(real);
        return real;
    }

    /** The real path of an existing folder that may be registered as a project; 403 with the reason otherwise. */
    public Path registrable(String path) {
        Path real = existingFolder(path);
        refuseForbidden(real);
        refuseContainingSecrets(real);
        return real;
    }

    /** Whether {@link #registrable} would accept this real folder path. */
    public boolean isRegistrable(Path real) {
        try {
            refuseForbidden(real);
            refuseContainingSecrets(real);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /** Whether a real path lies under an allowed root and is not forbidden (for local git remotes). */
    boolean isAllowedLocation(Path real) {
        try {
            refuseForbidden(real);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private void refuseForbidden(Path real) {
        boolean inWorkspace = real.startsWith(workspaceRoot);
        if (!inWorkspace && (isSystem(real) || (real.startsWith(gatheringHome)))) {
            throw ApiException.forbidden("Access denied: " + real + " is a system folder");
        }
        for (Path component : real) {
            if (CREDENTIAL_FOLDERS.contains(component.toString())) {
                throw ApiException.forbidden("Access denied: " + real + " holds credentials");
            }
        }
        if (allowed.stream().noneMatch(real::startsWith)) {
            throw ApiException.forbidden("Access denied: " + real + " is outside the allowed folders ("
                    + String.join(", ", allowed.stream().map(Path::toString).toList())
                    + "); set GATHERING_WORKSPACE_ALLOWED to allow others");
        }
    }

    private void refuseContainingSecrets(Path real) {
        if (userHome.startsWith(real) || gatheringHome.startsWith(real)) {
            throw ApiException.forbidden("Access denied: " + real + " contains the home folder or GATHERING_HOME; "
                    + "register a folder inside it instead");
        }
    }

    private boolean isSystem(Path real) {
        if (real.getNameCount() == 0) {
            return true;
        }
        for (Path system : SYSTEM) {
            if (real.startsWith(system) && !(userHome.startsWith(system) && real.startsWith(userHome))) {
                return true;
            }
        }
        return false;
    }

    private static Path existingFolder(String path) {
        if (path == null || path.isBlank()) {
            throw ApiException.unprocessable("path is required");
        }
        if (path.indexOf('\0') >= 0) {
            throw ApiException.forbidden("Invalid path: it contains a NUL byte");
        }
        Path given;
        try {
            given = Path.of(path.strip());
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("Invalid path: " + e.getReason());
        }
        if (!given.isAbsolute()) {
            throw ApiException.badRequest("path must be absolute: " + path);
        }
        try {
            Path real = given.normalize().toRealPath();
            if (!Files.isDirectory(real)) {
                throw ApiException.badRequest(path + " is not a directory");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw ApiException.badRequest("Path does not exist: " + path);
        } catch (IOException e) {
            throw ApiException.forbidden("Access denied: " + path + " (" + e.getMessage() + ")");
        }
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
