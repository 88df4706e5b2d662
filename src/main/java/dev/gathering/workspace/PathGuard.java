package dev.gathering.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import dev.gathering.platform.web.ApiException;

/**
 * Turns a path a client sent into a path inside a project folder, or refuses it with 403 (upstream's rules, §8.4,
 * checked by path components rather than string prefixes):
 * <ul>
 *   <li>percent-decoded twice (so {@code %252e%252e} is seen as {@code ..}); a NUL byte is refused;</li>
 *   <li>a {@code ..} component, with {@code /} or {@code \} as separator: "Path traversal detected";</li>
 *   <li>an absolute path, or anything resolving, outside the folder: "Access denied: path outside project";</li>
 *   <li>a path whose existing part resolves through a symbolic link to outside the folder:
 *       "Access denied: symlink escape";</li>
 *   <li>anything inside a {@code .git} folder (at any depth): git's own files change through the git routes only (a
 *       written hook would run code on the next commit).</li>
 * </ul>
 */
final class PathGuard {

    static final String TRAVERSAL = "Path traversal detected";
    static final String OUTSIDE = "Access denied: path outside project";
    static final String SYMLINK = "Access denied: symlink escape";

    private PathGuard() {
    }

    /** The checked absolute path of {@code requested} (empty or "." or "/" mean the folder itself). */
    static Path resolve(Path folder, String requested) {
        Path root = realRoot(folder);
        String decoded = percentDecode(percentDecode(requested == null ? "" : requested));
        if (decoded.indexOf('\0') >= 0) {
            throw ApiException.forbidden("Invalid path: it contains a NUL byte");
        }
        String trimmed = decoded.strip();
        for (String component : trimmed.split("[/\\\\]")) {
            if (component.equals("..")) {
                throw ApiException.forbidden(TRAVERSAL);
            }
        }
        Path candidate;
        try {
            Path given = Path.of(trimmed.replace('\\', '/'));
            Path registered = folder.toAbsolutePath().normalize();
            if (given.isAbsolute() && given.normalize().startsWith(registered)) {
                // spelled through the folder as registered: anchor it on the folder's real path
                given = registered.relativize(given.normalize());
            }
            candidate = (given.isAbsolute() ? given : root.resolve(given)).normalize();
        } catch (InvalidPathException e) {
            throw ApiException.badRequest("Invalid path: " + e.getReason());
        }
        if (!candidate.startsWith(root)) {
            throw ApiException.forbidden(OUTSIDE);
        }
        for (Path component : root.relativize(candidate)) {
            // the repository's own folder, and those of nested repositories and submodules
            if (component.toString().toLowerCase(Locale.ROOT).equals(".git")) {
                throw ApiException.forbidden("Access denied: .git is changed through the git routes only");
            }
        }
        Path existing = candidate;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null) {
            try {
                if (!existing.toRealPath().startsWith(root)) {
                    throw ApiException.forbidden(SYMLINK);
                }
            } catch (NoSuchFileException e) {
                // a dangling symbolic link: where it points is unknown, so refuse it
                throw ApiException.forbidden(SYMLINK);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidate;
    }

    /** The path of {@code absolute} relative to the folder, with '/' separators ("" for the folder). */
    static String relative(Path folder, Path absolute) {
        return realRoot(folder).relativize(absolute).toString().replace('\\', '/');
    }

    static Path realRoot(Path folder) {
        try {
            return folder.toRealPath();
        } catch (NoSuchFileException e) {
            throw ApiException.conflict("The project folder " + folder + " does not exist any more");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** %XX sequences decoded as UTF-8; '+' stays '+' (this is a path, not a form). Malformed escapes stay as they are. */
    static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
