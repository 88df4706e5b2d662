package dev.gathering.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/** Real git repositories made in a test with JGit: files, commits, bare remotes. */
public final class TestRepos {

    public static final PersonIdent AUTHOR = new PersonIdent("Test Author", "author@example.com");

    private TestRepos() {
    }

    /** A new repository at {@code folder} (created) whose first commit holds {@code files} (path → content). */
    public static Path create(Path folder, Map<String, String> files) {
        try (Git git = Git.init().setDirectory(folder.toFile()).setInitialBranch("main").call()) {
            write(folder, files);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Initial commit").setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
            return folder;
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code files} and commits them all with {@code message}. */
    public static void commit(Path repository, String message, Map<String, String> files) {
        try (Git git = Git.open(repository.toFile())) {
            write(repository, files);
            git.add().addFilepattern(".").call();
            git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).setSign(false).call();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bare repository at {@code bare} holding the history of {@code source} (pushed to it, all branches). */
    public static Path bareCopy(Path source, Path bare) {
        try (Git ignored = Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call();
             Git git = Git.open(source.toFile())) {
            git.push().setRemote(bare.toUri().toString()).setPushAll().call();
            return bare;
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(Path folder, Map<String, String> files) {
        try {
            for (var file : files.entrySet()) {
                Path target = folder.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
