package dev.gathering.workspace;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Component;

/** {@code GET /projects/browse/folders}: the server's folders under the allowed roots, marked when they look like projects. */
@Component
class FolderBrowser {

    private static final int MAX_ENTRIES = 1000;
    private static final Set<String> PROJECT_MARKERS = Set.of(".git", "pom.xml", "build.gradle", "build.gradle.kts",
            "package.json", "pyproject.toml", "setup.py", "requirements.txt", "Cargo.toml", "go.mod", "Makefile");

    private final FolderPolicy policy;

    FolderBrowser(FolderPolicy policy) {
        this.policy = policy;
    }

    FileViews.Browse browse(String path, boolean showHidden, boolean workspaceOnly) {
        Path start = workspaceOnly ? policy.workspaceRoot() : policy.userHome();
        Path folder = policy.browsable(path == null || path.isBlank() ? start.toString() : path);
        if (workspaceOnly && !folder.startsWith(policy.workspaceRoot())) {
            throw ApiException.forbidden("Access denied: only admins may browse outside the workspace root ("
                    + policy.workspaceRoot() + ")");
        }
        List<FileViews.BrowseEntry> entries = new ArrayList<>();
        boolean truncated = false;
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path entry : stream) {
                String name = entry.getFileName().toString();
                if (!showHidden && name.startsWith(".")) {
                    continue;
                }
                if (entries.size() >= MAX_ENTRIES) {
                    truncated = true;
                    break;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue; // a dangling link or an unreadable entry
                }
                boolean directory = attributes.isDirectory();
                entries.add(new FileViews.BrowseEntry(name, entry.toString(), directory, directory && looksLikeProject(entry),
                        directory ? null : attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
        } catch (IOException e) {
            throw ApiException.forbidden("Access denied: cannot read " + folder + " (" + e.getMessage() + ")");
        }
        entries.sort(Comparator.comparing((FileViews.BrowseEntry e) -> !e.isDir())
                .thenComparing(e -> e.name().toLowerCase(java.util.Locale.ROOT)));
        Path parent = folder.getParent();
        String parentPath = null;
        if (parent != null) {
            try {
                policy.browsable(parent.toString());
                parentPath = workspaceOnly && !parent.startsWith(policy.workspaceRoot()) ? null : parent.toString();
            } catch (ApiException e) {
                parentPath = null; // above an allowed root: nowhere to go up to
            }
        }
        return new FileViews.Browse(folder.toString(), parentPath, entries, policy.isRegistrable(folder)
                && (!workspaceOnly || !folder.equals(policy.workspaceRoot())), truncated);
    }

    private static boolean looksLikeProject(Path directory) {
        for (String marker : PROJECT_MARKERS) {
            if (Files.exists(directory.resolve(marker), LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
        }
        return false;
    }
}
