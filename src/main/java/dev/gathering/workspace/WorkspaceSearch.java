package dev.gathering.workspace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.gathering.platform.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * Finds a literal text in the files under a project folder: the same walk as the tree (git's ignore rules, no
 * {@code .git}, symbolic links neither followed nor read), text files only, each at most {@link #FILE_MAX} bytes,
 * at most {@code tree_max_entries} files; every matching line until {@code limit} matches.
 */
@Component
class WorkspaceSearch {

    static final int FILE_MAX = 1_000_000;
    static final int LINE_MAX = 300;

    private final WorkspaceProperties properties;

    WorkspaceSearch(WorkspaceProperties properties) {
        this.properties = properties;
    }

    private static final class Walk {
        final String needle;
        final boolean caseSensitive;
        final int limit;
        final int maxFiles;
        final List<FileViews.SearchMatch> matches = new ArrayList<>();
        int files;
        boolean truncated;

        Walk(String needle, boolean caseSensitive, int limit, int maxFiles) {
            this.needle = caseSensitive ? needle : needle.toLowerCase(Locale.ROOT);
            this.caseSensitive = caseSensitive;
            this.limit = limit;
            this.maxFiles = maxFiles;
        }

        boolean full() {
            return matches.size() >= limit || files >= maxFiles;
        }
    }

    FileViews.Search search(ProjectFolder folder, String query, String directory, boolean caseSensitive, int limit) {
        if (query == null || query.isEmpty()) {
            throw ApiException.unprocessable("query is required: the text to look for");
        }
        Path root = PathGuard.realRoot(folder.path());
        Path start = PathGuard.resolve(folder.path(), directory);
        String relative = PathGuard.relative(folder.path(), start);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            throw Files.exists(start) ? ApiException.badRequest(relative + " is a file, not a folder")
                    : ApiException.notFound("Folder not found: " + relative);
        }
        IgnoreRules rules = IgnoreRules.at(root);
        Path at = root;
        String walked = "";
        for (Path component : root.relativize(start)) {
            if (component.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(component);
            walked = walked.isEmpty() ? component.toString() : walked + "/" + component;
            rules = rules.enter(at, walked);
        }
        Walk walk = new Walk(query, caseSensitive, limit, properties.treeMaxEntries());
        visit(start, relative, rules, walk);
        return new FileViews.Search(relative, query, List.copyOf(walk.matches), walk.files, walk.truncated);
    }

    private void visit(Path directory, String relative, IgnoreRules rules, Walk walk) {
        for (Path entry : WorkspaceFiles.sorted(directory)) {
            if (walk.full()) {
                walk.truncated = true;
                return;
            }
            String name = entry.getFileName().toString();
            if (name.equals(".git")) {
                continue;
            }
            String path = relative.isEmpty() ? name : relative + "/" + name;
            BasicFileAttributes attributes = WorkspaceFiles.attributes(entry);
            if (attributes == null || rules.ignored(path, attributes.isDirectory())) {
                continue;
            }
            if (attributes.isDirectory()) {
                visit(entry, path, rules.enter(entry, path), walk);
            } else if (attributes.isRegularFile() && attributes.size() <= FILE_MAX) {
                walk.files++;
                scan(entry, path, walk);
            }
        }
    }

    private static void scan(Path file, String path, Walk walk) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return;
        }
        if (WorkspaceFiles.looksBinary(bytes)) {
            return;
        }
        int number = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1)) {
            number++;
            String haystack = walk.caseSensitive ? line : line.toLowerCase(Locale.ROOT);
            if (haystack.contains(walk.needle)) {
                if (walk.matches.size() >= walk.limit) {
                    walk.truncated = true;
                    return;
                }
                String text = line.strip();
                walk.matches.add(new FileViews.SearchMatch(path, number,
                        text.length() > LINE_MAX ? text.substring(0, LINE_MAX) + "…" : text));
            }
        }
    }
}
