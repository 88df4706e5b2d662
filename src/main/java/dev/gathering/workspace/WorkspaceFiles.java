package dev.gathering.workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Component;

/** Files of a project folder: tree, read, raw bytes, write (atomic), delete, one-level listing. */
@Component
class WorkspaceFiles {

    private static final Comparator<Path> DIRECTORIES_FIRST = Comparator
            .comparing((Path p) -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
            .thenComparing(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT))
            .thenComparing(p -> p.getFileName().toString());
    private static final int LIST_MAX = 1000;

    private final WorkspaceProperties properties;

    WorkspaceFiles(WorkspaceProperties properties) {
        this.properties = properties;
    }

    // --- tree

    private static final class Budget {
        int entries;
        final int max;
        boolean truncated;

        Budget(int max) {
            this.max = max;
        }
    }

    FileViews.Tree tree(ProjectFolder folder, int maxDepth, Map<String, String> gitStatus) {
        Path root = PathGuard.realRoot(folder.path());
        Budget budget = new Budget(properties.treeMaxEntries());
        List<FileViews.TreeNode> children = children(root, "", IgnoreRules.at(root), 1, maxDepth, gitStatus, budget);
        FileViews.TreeNode top = new FileViews.TreeNode(folder.name(), "", "directory", null, null, null,
                children);
        return new FileViews.Tree(folder.id(), root.toString(), top, budget.entries, budget.truncated,
                gitStatus != null);
    }

    private List<FileViews.TreeNode> children(Path directory, String relative, IgnoreRules rules, int depth,
                                                     int maxDepth, Map<String, String> gitStatus, Budget budget) {
        List<FileViews.TreeNode> nodes = new ArrayList<>();
        for (Path entry : sorted(directory)) {
            if (budget.entries >= budget.max) {
                budget.truncated = true;
                break;
            }
            String name = entry.getFileName().toString();
            if (name.equals(".git")) {
                continue;
            }
            String path = relative.isEmpty() ? name : relative + "/" + name;
            BasicFileAttributes attributes = attributes(entry);
            if (attributes == null) {
                continue;
            }
            boolean isDirectory = attributes.isDirectory();
            if (rules.ignored(path, isDirectory)) {
                continue;
            }
            budget.entries++;
            if (isDirectory) {
                List<FileViews.TreeNode> inner = depth < maxDepth
                        ? children(entry, path, rules.enter(entry, path), depth + 1, maxDepth, gitStatus, budget) : null;
                if (depth >= maxDepth) {
                    budget.truncated = budget.truncated || hasEntries(entry);
                }
                nodes.add(new FileViews.TreeNode(name, path, "directory", null,
                        attributes.lastModifiedTime().toInstant(), null, inner));
            } else {
                String status = gitStatus == null ? null : gitStatus.get(path);
                nodes.add(new FileViews.TreeNode(name, path, attributes.isSymbolicLink() ? "symlink" : "file",
                        attributes.size(), attributes.lastModifiedTime().toInstant(), status, null));
            }
        }
        return nodes;
    }

    private static boolean hasEntries(Path directory) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            return stream.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    static List<Path> sorted(Path directory) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return List.of();
        }
        entries.sort(DIRECTORIES_FIRST);
        return entries;
    }

    static BasicFileAttributes attributes(Path entry) {
        try {
            return Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    // --- listing

    FileViews.Listing list(ProjectFolder folder, String directory) {
        Path target = PathGuard.resolve(folder.path(), directory);
        if (!Files.isDirectory(target)) {
            throw Files.exists(target) ? ApiException.badRequest(display(directory) + " is a file, not a folder")
                    : ApiException.notFound("Folder not found: " + display(directory));
        }
        List<FileViews.Entry> entries = new ArrayList<>();
        boolean truncated = false;
        for (Path entry : sorted(target)) {
            if (entry.getFileName().toString().equals(".git")) {
                continue;
            }
            if (entries.size() >= LIST_MAX) {
                truncated = true;
                break;
            }
            BasicFileAttributes attributes = attributes(entry);
            if (attributes != null) {
                entries.add(new FileViews.Entry(entry.getFileName().toString(), PathGuard.relative(folder.path(), entry),
                        attributes.isDirectory() ? "directory" : attributes.isSymbolicLink() ? "symlink" : "file",
                        attributes.isDirectory() ? null : attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
        }
        return new FileViews.Listing(PathGuard.relative(folder.path(), target), entries, truncated);
    }

    // --- read

    FileViews.FileContent read(ProjectFolder folder, String path) {
        Path file = existingFile(folder, path);
        byte[] bytes = bytes(file);
        String name = file.getFileName().toString();
        if (looksBinary(bytes)) {
            throw ApiException.badRequest(display(path) + " is a binary file; read it through /file/raw");
        }
        String content;
        String encoding = "utf-8";
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            content = new String(bytes, StandardCharsets.ISO_8859_1);
            encoding = "latin-1";
        }
        if (content.startsWith("\uFEFF")) {
            content = content.substring(1);
            encoding = "utf-8-sig";
        }
        long lines = content.isEmpty() ? 0 : content.lines().count();
        return new FileViews.FileContent(PathGuard.relative(folder.path(), file), name, content, encoding,
                Languages.of(name), bytes.length, lines, modified(file), Languages.mimeType(name, true));
    }

    FileViews.RawFile raw(ProjectFolder folder, String path) {
        Path file = existingFile(folder, path);
        byte[] bytes = bytes(file);
        String name = file.getFileName().toString();
        return new FileViews.RawFile(PathGuard.relative(folder.path(), file), name, bytes,
                Languages.mimeType(name, !looksBinary(bytes)));
    }

    private Path existingFile(ProjectFolder folder, String path) {
        requirePath(path);
        Path file = PathGuard.resolve(folder.path(), path);
        if (Files.isDirectory(file)) {
            throw ApiException.badRequest(display(path) + " is a folder, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw ApiException.notFound("File not found: " + display(path));
        }
        return file;
    }

    private byte[] bytes(Path file) {
        try {
            long size = Files.size(file);
            if (size > properties.readMax().toBytes()) {
                throw new ApiException(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE, "The file has " + size
                        + " bytes; files over " + properties.readMax().toBytes() + " bytes are not served");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("File not found: " + file.getFileName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean looksBinary(byte[] bytes) {
        int limit = Math.min(bytes.length, 8192);
        for (int i = 0; i < limit; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    // --- write and delete

    FileViews.WriteResult write(ProjectFolder folder, String path, String content, boolean backup) {
        requirePath(path);
        Path file = PathGuard.resolve(folder.path(), path);
        if (Files.isDirectory(file)) {
            throw ApiException.badRequest(display(path) + " is a folder, not a file");
        }
        boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String backupPath = null;
        try {
            Files.createDirectories(file.getParent());
            // the parents were just created inside the folder; check again that none of them is a link going out
            PathGuard.resolve(folder.path(), PathGuard.relative(folder.path(), file));
            if (existed && backup) {
                Path copy = file.resolveSibling(file.getFileName() + ".bak");
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                backupPath = PathGuard.relative(folder.path(), copy);
            }
            Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(temporary, bytes);
                try {
                    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw ApiException.conflict("Cannot write " + display(path) + ": " + e.getMessage());
        }
        return new FileViews.WriteResult(true, PathGuard.relative(folder.path(), file), bytes.length, !existed,
                backupPath);
    }

    FileViews.DeleteResult delete(ProjectFolder folder, String path) {
        requirePath(path);
        Path file = PathGuard.resolve(folder.path(), path);
        if (file.equals(PathGuard.realRoot(folder.path()))) {
            throw ApiException.badRequest("The project folder itself cannot be deleted here");
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw ApiException.badRequest(display(path) + " is a folder; delete its files first");
        }
        try {
            if (!Files.deleteIfExists(file)) {
                throw ApiException.notFound("File not found: " + display(path));
            }
        } catch (IOException e) {
            throw ApiException.conflict("Cannot delete " + display(path) + ": " + e.getMessage());
        }
        return new FileViews.DeleteResult(true, PathGuard.relative(folder.path(), file));
    }

    private static void requirePath(String path) {
        if (path == null || path.isBlank()) {
            throw ApiException.unprocessable("path is required: a file path relative to the project folder");
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return null;
        }
    }

    private static String display(String path) {
        return path.length() > 200 ? path.substring(0, 200) + "…" : path;
    }
}
