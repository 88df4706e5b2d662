package dev.gathering.workspace;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.gathering.platform.web.ApiException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.CheckoutConflictException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Git over the network (or to local repositories): clone, push, pull. Remote URLs are checked first: https, http and
 * git to hosts that are not loopback, link-local (cloud metadata) or unspecified addresses; local repositories
 * ({@code file://} or a path) only under the allowed folders; SSH is not supported (no keys are held).
 */
@Component
class GitRemotes {

    /** Progress of a clone: the current task and its percentage (or -1 when its size is unknown). */
    record Progress(String task, int percent) {
    }

    private static final java.util.Set<String> SCHEMES = java.util.Set.of("https", "http", "git");

    private final FolderPolicy folders;
    private final WorkspaceProperties properties;

    GitRemotes(FolderPolicy folders, WorkspaceProperties properties) {
        this.folders = folders;
        this.properties = properties;
    }

    /** Refuses a remote URL the server must not reach (422 with the reason). */
    void checkUrl(String url) {
        URIish uri;
        try {
            uri = new URIish(url.strip());
        } catch (URISyntaxException e) {
            throw ApiException.unprocessable("repository_url is not a git URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.isEmpty() && uri.getHost() == null || scheme.equals("file")) {
            Path local = Path.of(uri.getPath()).toAbsolutePath().normalize();
            Path real;
            try {
                real = local.toRealPath();
            } catch (IOException e) {
                throw ApiException.unprocessable("No repository at " + local);
            }
            if (!folders.isAllowedLocation(real)) {
                throw ApiException.forbidden("Access denied: the local repository " + real + " is outside the allowed folders");
            }
            return;
        }
        if (scheme.equals("ssh") || scheme.isEmpty()) {
            throw ApiException.unprocessable("SSH remotes are not supported: use an https URL (with a token for a private repository)");
        }
        if (!SCHEMES.contains(scheme)) {
            throw ApiException.unprocessable("Unsupported git URL scheme '" + scheme + "': use https");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                        || address.isMulticastAddress()) {
                    throw ApiException.forbidden("Access denied: " + uri.getHost() + " is a loopback or link-local address");
                }
            }
        } catch (UnknownHostException e) {
            throw ApiException.unprocessable("Unknown host " + uri.getHost());
        }
    }

    /** Clones into {@code target} (which must not exist); on failure nothing is left there. */
    void cloneInto(String url, String branch, Path target, ProjectDirectory.GitCredentials credentials,
                   Consumer<Progress> progress) {
        checkUrl(url);
        var clone = Git.cloneRepository().setURI(url.strip()).setDirectory(target.toFile())
                .setProgressMonitor(new Reporter(progress)).setTimeout(seconds());
        if (branch != null && !branch.isBlank()) {
            clone.setBranch(branch.strip());
        }
        authenticate(clone, credentials);
        try (Git ignored = clone.call()) {
            // cloned
        } catch (GitAPIException | RuntimeException e) {
            deleteRecursively(target);
            throw remoteFailure("clone " + url, e);
        }
    }

    GitViews.PushResult push(ProjectFolder folder, String remote, String branch, boolean setUpstream,
                             ProjectDirectory.GitCredentials credentials) {
        try (Repository repository = WorkspaceGit.open(folder); Git git = new Git(repository)) {
            String name = branch == null || branch.isBlank() ? repository.getBranch() : branch.strip();
            checkUrl(remoteUrl(repository, remote));
            var push = git.push().setRemote(remote).add(name).setTimeout(seconds());
            authenticate(push, credentials);
            List<GitViews.RefUpdate> updates = new ArrayList<>();
            boolean ok = true;
            String rejection = null;
            for (var result : push.call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    RemoteRefUpdate.Status status = update.getStatus();
                    boolean good = status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE;
                    ok &= good;
                    String message = update.getMessage();
                    if (!good && rejection == null) {
                        rejection = status.name().toLowerCase(Locale.ROOT) + (message == null ? "" : " (" + message + ")");
                    }
                    updates.add(new GitViews.RefUpdate(update.getRemoteName(), status.name().toLowerCase(Locale.ROOT), message));
                }
            }
            if (!ok) {
                String hint = rejection.startsWith("rejected_nonfastforward") ? "; pull first" : "";
                throw ApiException.conflict("The remote '" + remote + "' rejected the push: " + rejection + hint)
                        .with("updates", updates);
            }
            if (setUpstream) {
                StoredConfig config = repository.getConfig();
                config.setString(ConfigConstants.CONFIG_BRANCH_SECTION, name, ConfigConstants.CONFIG_KEY_REMOTE, remote);
                config.setString(ConfigConstants.CONFIG_BRANCH_SECTION, name, ConfigConstants.CONFIG_KEY_MERGE, "refs/heads/" + name);
                config.save();
            }
            return new GitViews.PushResult(true, remote, name, updates, "Pushed " + name + " to " + remote);
        } catch (GitAPIException | IOException e) {
            throw remoteFailure("push to " + remote, e);
        }
    }

    GitViews.PullResult pull(ProjectFolder folder, String remote, String branch, ProjectDirectory.GitCredentials credentials) {
        try (Repository repository = WorkspaceGit.open(folder); Git git = new Git(repository)) {
            checkUrl(remoteUrl(repository, remote));
            var pull = git.pull().setRemote(remote).setTimeout(seconds()).setRebase(false);
            if (branch != null && !branch.isBlank()) {
                pull.setRemoteBranchName(branch.strip());
            }
            authenticate(pull, credentials);
            var result = pull.call();
            MergeResult merge = result.getMergeResult();
            List<String> conflicts = merge == null || merge.getConflicts() == null ? List.of()
                    : merge.getConflicts().keySet().stream().sorted().toList();
            String status = merge == null ? (result.getRebaseResult() == null ? "none"
                    : result.getRebaseResult().getStatus().name()) : merge.getMergeStatus().name();
            if (!conflicts.isEmpty()) {
                throw ApiException.conflict("Pulled with merge conflicts in " + String.join(", ", conflicts)
                        + ": resolve them, stage and commit").with("conflicts", conflicts);
            }
            if (!result.isSuccessful()) {
                throw ApiException.conflict("The pull did not complete: " + status.toLowerCase(Locale.ROOT));
            }
            var head = repository.resolve("HEAD");
            return new GitViews.PullResult(true, remote, branch == null || branch.isBlank() ? repository.getBranch() : branch,
                    status.toLowerCase(Locale.ROOT), head == null ? null : head.getName(), conflicts,
                    "Pulled from " + remote);
        } catch (CheckoutConflictException e) {
            throw ApiException.conflict("Local changes would be overwritten by the pull: "
                    + String.join(", ", e.getConflictingPaths()) + "; commit or discard them first");
        } catch (GitAPIException | IOException e) {
            throw remoteFailure("pull from " + remote, e);
        }
    }

    private static String remoteUrl(Repository repository, String remote) {
        String url = repository.getConfig().getString(ConfigConstants.CONFIG_REMOTE_SECTION, remote, ConfigConstants.CONFIG_KEY_URL);
        if (url == null) {
            throw ApiException.notFound("No remote named '" + remote + "' in this repository");
        }
        return url;
    }

    private static void authenticate(TransportCommand<?, ?> command, ProjectDirectory.GitCredentials credentials) {
        if (credentials != null && credentials.token() != null) {
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                    credentials.username() == null || credentials.username().isBlank() ? "git" : credentials.username(),
                    credentials.token()));
        }
    }

    private int seconds() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, properties.cloneTimeout().toSeconds()));
    }

    /** The remote's answer as a 4xx/502: what a user can act on. */
    private static ApiException remoteFailure(String what, Exception e) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof InvalidRemoteException) {
            return ApiException.notFound("Cannot " + what + ": no such remote or repository (" + e.getMessage() + ")");
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof TransportException || e.getCause() instanceof org.eclipse.jgit.errors.TransportException) {
            String lower = message.toLowerCase(Locale.ROOT);
            String hint = lower.contains("not authorized") || lower.contains("authentication")
                    ? "; save credentials with PATCH /projects/{id} (git_username, git_token)" : "";
            return new ApiException(HttpStatus.BAD_GATEWAY, "Cannot " + what + ": the remote answered: " + message + hint);
        }
        return ApiException.conflict("Cannot " + what + ": " + message);
    }

    static void deleteRecursively(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        try (var paths = Files.walk(target)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort; what is left is reported by the next attempt
                }
            });
        } catch (IOException ignored) {
            // the folder went away meanwhile
        }
    }

    /** JGit's progress callbacks as at most one report per task and 5 %. */
    private static final class Reporter implements ProgressMonitor {
        private final Consumer<Progress> progress;
        private String task;
        private int total;
        private int done;
        private int lastPercent = -1;

        Reporter(Consumer<Progress> progress) {
            this.progress = progress;
        }

        @Override
        public void start(int totalTasks) {
        }

        @Override
        public void beginTask(String title, int totalWork) {
            task = title;
            total = totalWork;
            done = 0;
            lastPercent = -1;
            progress.accept(new Progress(title, totalWork > 0 ? 0 : -1));
        }

        @Override
        public void update(int completed) {
            done += completed;
            if (total > 0) {
                int percent = (int) Math.min(100, 100L * done / total);
                if (percent >= lastPercent + 5 || percent == 100 && lastPercent != 100) {
                    lastPercent = percent;
                    progress.accept(new Progress(task, percent));
                }
            }
        }

        @Override
        public void endTask() {
        }

        @Override
        public boolean isCancelled() {
            return Thread.currentThread().isInterrupted();
        }

        @Override
        public void showDuration(boolean enabled) {
        }
    }
}
