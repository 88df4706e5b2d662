package dev.gathering.workspace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Git's ignore rules for a walk down a folder, read with JGit's own parser: every {@code .gitignore} on the way
 * (the deepest one that decides wins, as in git) and {@code .git/info/exclude} at the top.
 */
final class IgnoreRules {

    private record Level(String directory, IgnoreNode node) {
    }

    private final List<Level> levels;

    private IgnoreRules(List<Level> levels) {
        this.levels = levels;
    }

    /** The rules at the top of {@code root}. */
    static IgnoreRules at(Path root) {
        List<Level> levels = new ArrayList<>();
        IgnoreNode exclude = read(root.resolve(".git").resolve("info").resolve("exclude"));
        if (exclude != null) {
            levels.add(new Level("", exclude));
        }
        IgnoreNode top = read(root.resolve(".gitignore"));
        if (top != null) {
            levels.add(new Level("", top));
        }
        return new IgnoreRules(levels);
    }

    /** The rules inside {@code directory} (its path relative to the root, '/'-separated), reading its .gitignore. */
    IgnoreRules enter(Path absolute, String directory) {
        IgnoreNode node = read(absolute.resolve(".gitignore"));
        if (node == null) {
            return this;
        }
        List<Level> deeper = new ArrayList<>(levels);
        deeper.add(new Level(directory, node));
        return new IgnoreRules(deeper);
    }

    /** Whether the entry at {@code path} (relative to the root) is ignored. */
    boolean ignored(String path, boolean directory) {
        for (int i = levels.size() - 1; i >= 0; i--) {
            Level level = levels.get(i);
            String relative = level.directory().isEmpty() ? path : path.substring(level.directory().length() + 1);
            Boolean decision = level.node().checkIgnored(relative, directory);
            if (decision != null) {
                return decision;
            }
        }
        return false;
    }

    private static IgnoreNode read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(in);
            return node;
        } catch (IOException e) {
            return null;
        }
    }
}
