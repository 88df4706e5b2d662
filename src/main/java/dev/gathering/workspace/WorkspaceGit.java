package dev.gathering.workspace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.gathering.platform.web.ApiException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ListBranchCommand;
import org.eclipse.jgit.api.LogCommand;
import org.eclipse.jgit.api.errors.EmptyCommitException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.NoHeadException;
import org.eclipse.jgit.api.errors.UnmergedPathsException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.BranchTrackingStatus;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.FileTreeIterator;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.NotIgnoredFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.springframework.stereotype.Component;

/** Git on a project folder through JGit (no git binary): reads, staging and commits. Remotes: {@link GitRemotes}. */
@Component
class WorkspaceGit {

    static final int DIFF_MAX_CHARS = 1_000_000;
    private static final int LOG_SCAN_MAX = 20_000;

    /** The folder's repository; 404 when the folder is not the top of a git repository. */
    static Repository open(ProjectFolder folder) {
        Path root = PathGuard.realRoot(folder.path());
        if (!Files.isDirectory(root.resolve(".git"))) {
            throw ApiException.notFound("Project " + folder.id() + " (" + folder.name() + ") is not a git repository");
        }
        try {
            return new FileRepositoryBuilder().setWorkTree(root.toFile()).setGitDir(root.resolve(".git").toFile())
                    .setMustExist(true).build();
        } catch (IOException e) {
            throw ApiException.conflict("Cannot open the git repository of project " + folder.id() + ": " + e.getMessage());
        }
    }

    static boolean isRepository(ProjectFolder folder) {
        return Files.isDirectory(folder.path().resolve(".git"));
    }

    GitViews.Status status(ProjectFolder folder) {
        try (Repository repository = open(folder); Git git = new Git(repository)) {
            org.eclipse.jgit.api.Status status = git.status().call();
            List<GitViews.StagedFile> staged = new ArrayList<>();
            status.getAdded().stream().sorted().forEach(path -> staged.add(new GitViews.StagedFile(path, "added")));
            status.getChanged().stream().sorted().forEach(path -> staged.add(new GitViews.StagedFile(path, "modified")));
            status.getRemoved().stream().sorted().forEach(path -> staged.add(new GitViews.StagedFile(path, "deleted")));
            staged.sort(Comparator.comparing(GitViews.StagedFile::path));
            Map<String, String> files = new TreeMap<>();
            status.getUntracked().forEach(path -> files.put(path, "untracked"));
            status.getAdded().forEach(path -> files.put(path, "added"));
            status.getChanged().forEach(path -> files.put(path, "staged"));
            status.getRemoved().forEach(path -> files.put(path, "deleted"));
            status.getMissing().forEach(path -> files.put(path, "deleted"));
            status.getModified().forEach(path -> files.put(path, "modified"));
            status.getConflicting().forEach(path -> files.put(path, "conflict"));
            Integer ahead = null;
            Integer behind = null;
            String branch = repository.getBranch();
            BranchTrackingStatus tracking = branch == null ? null : BranchTrackingStatus.of(repository, branch);
            if (tracking != null) {
                ahead = tracking.getAheadCount();
                behind = tracking.getBehindCount();
            }
            return new GitViews.Status(branch, status.isClean(), staged, new TreeSet<>(status.getModified()).stream().toList(),
                    new TreeSet<>(status.getMissing()).stream().toList(), new TreeSet<>(status.getUntracked()).stream().toList(),
                    new TreeSet<>(status.getConflicting()).stream().toList(), ahead, behind, files);
        } catch (GitAPIException | IOException e) {
            throw failure("read the status", e);
        }
    }

    /** Path → status word for a tree; empty when the folder is not a repository. */
    Map<String, String> fileStatuses(ProjectFolder folder) {
        return isRepository(folder) ? status(folder).files() : Map.of();
    }

    List<GitViews.Commit> commits(ProjectFolder folder, int limit, String branch, String author, String path) {
        try (Repository repository = open(folder); Git git = new Git(repository)) {
            LogCommand log = git.log();
            if (branch != null && !branch.isBlank()) {
                log.add(resolve(repository, branch));
            } else if (repository.resolve(Constants.HEAD) == null) {
                return List.of();
            }
            if (path != null && !path.isBlank()) {
                log.addPath(path);
            }
            String needle = author == null || author.isBlank() ? null : author.trim().toLowerCase(Locale.ROOT);
            List<GitViews.Commit> commits = new ArrayList<>();
            int scanned = 0;
            for (RevCommit commit : log.call()) {
                if (commits.size() >= limit || ++scanned > LOG_SCAN_MAX) {
                    break;
                }
                PersonIdent who = commit.getAuthorIdent();
                if (needle == null || who.getName().toLowerCase(Locale.ROOT).contains(needle)
                        || who.getEmailAddress().toLowerCase(Locale.ROOT).contains(needle)) {
                    commits.add(commit(commit));
                }
            }
            return commits;
        } catch (NoHeadException e) {
            return List.of();
        } catch (GitAPIException | IOException e) {
            throw failure("read the log", e);
        }
    }

    GitViews.Diff diff(ProjectFolder folder, String commit, String filePath) {
        try (Repository repository = open(folder); ObjectReader reader = repository.newObjectReader();
             RevWalk walk = new RevWalk(reader)) {
            AbstractTreeIterator oldTree;
            AbstractTreeIterator newTree;
            TreeFilter filter = filePath == null || filePath.isBlank() ? TreeFilter.ALL : PathFilter.create(filePath);
            String described = null;
            if (commit == null || commit.isBlank()) {
                ObjectId head = repository.resolve(Constants.HEAD + "^{tree}");
                oldTree = head == null ? new EmptyTreeIterator() : parser(reader, head);
                newTree = new FileTreeIterator(repository);
                filter = AndTreeFilter.create(filter, new NotIgnoredFilter(1));
            } else {
                RevCommit target = walk.parseCommit(resolve(repository, commit));
                described = target.getName();
                oldTree = target.getParentCount() == 0 ? new EmptyTreeIterator()
                        : parser(reader, walk.parseCommit(target.getParent(0)).getTree());
                newTree = parser(reader, target.getTree());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<GitViews.ChangedFile> files = new ArrayList<>();
            try (DiffFormatter formatter = new DiffFormatter(out)) {
                formatter.setRepository(repository);
                formatter.setPathFilter(filter);
                formatter.setDetectRenames(true);
                for (DiffEntry entry : formatter.scan(oldTree, newTree)) {
                    int additions = 0;
                    int deletions = 0;
                    for (Edit edit : formatter.toFileHeader(entry).toEditList()) {
                        additions += edit.getLengthB();
                        deletions += edit.getLengthA();
                    }
                    if (out.size() < DIFF_MAX_CHARS) {
                        formatter.format(entry);
                    }
                    String path = entry.getChangeType() == DiffEntry.ChangeType.DELETE ? entry.getOldPath() : entry.getNewPath();
                    files.add(new GitViews.ChangedFile(path, entry.getChangeType() == DiffEntry.ChangeType.ADD ? null
                            : entry.getOldPath(), entry.getChangeType().name().toLowerCase(Locale.ROOT), additions, deletions));
                }
            }
            String text = out.toString(StandardCharsets.UTF_8);
            boolean truncated = text.length() > DIFF_MAX_CHARS;
            return new GitViews.Diff(described, filePath, truncated ? text.substring(0, DIFF_MAX_CHARS) : text, files, truncated);
        } catch (IOException e) {
            throw failure("compute the diff", e);
        }
    }

    GitViews.Branches branches(ProjectFolder folder) {
        try (Repository repository = open(folder); Git git = new Git(repository)) {
            String current = repository.getBranch();
            List<GitViews.Branch> branches = new ArrayList<>();
            for (Ref ref : git.branchList().setListMode(ListBranchCommand.ListMode.ALL).call()) {
                boolean remote = ref.getName().startsWith(Constants.R_REMOTES);
                String name = Repository.shortenRefName(ref.getName());
                ObjectId id = ref.getObjectId();
                branches.add(new GitViews.Branch(name, !remote && name.equals(current), remote,
                        id == null ? null : id.abbreviate(7).name()));
            }
            return new GitViews.Branches(current, branches);
        } catch (GitAPIException | IOException e) {
            throw failure("list the branches", e);
        }
    }

    GitViews.Graph graph(ProjectFolder folder, int limit, boolean allBranches) {
        try (Repository repository = open(folder)) {
            return GitGraph.build(repository, limit, allBranches);
        } catch (IOException e) {
            throw failure("read the history", e);
        }
    }

    // --- local changes

    /** Stages the given paths (relative, already checked): present files are added, missing ones removed. */
    GitViews.StageResult stage(ProjectFolder folder, List<String> paths) {
        try (Repository repository = open(folder); Git git = new Git(repository)) {
            Path root = PathGuard.realRoot(folder.path());
            var add = git.add();
            var update = git.add().setUpdate(true);
            var remove = git.rm().setCached(true);
            boolean adds = false;
            boolean removes = false;
            for (String path : paths) {
                if (path.isEmpty()) {
                    add.addFilepattern(".");
                    update.addFilepattern(".");
                    adds = true;
                } else if (Files.exists(root.resolve(path))) {
                    add.addFilepattern(path);
                    update.addFilepattern(path);
                    adds = true;
                } else {
                    remove.addFilepattern(path);
                    removes = true;
                }
            }
            if (adds) {
                add.call();
                update.call();
            }
            if (removes) {
                remove.call();
            }
            return new GitViews.StageResult(true, paths);
        } catch (GitAPIException e) {
            throw failure("stage", e);
        }
    }

    GitViews.UnstageResult unstage(ProjectFolder folder, List<String> paths) {
        try (Repository repository = open(folder); Git git = new Git(repository)) {
            if (repository.resolve(Constants.HEAD) == null) {
                var remove = git.rm().setCached(true);
                paths.forEach(path -> remove.addFilepattern(path.isEmpty() ? "." : path));
                remove.call();
            } else {
                var reset = git.reset();
                paths.forEach(path -> reset.addPath(path.isEmpty() ? "." : path));
                reset.call();
            }
            return new GitViews.UnstageResult(true, paths);
        } catch (GitAPIException | IOException e) {
            throw failure("unstage", e);
        }
    }

    /** Commits what is staged. Hooks are not run: a commit through the API never executes the repository's scripts. */
    GitViews.CommitResult commit(ProjectFolder folder, String message, GitViews.Author author) {
        try (Repository repository = open(folder); Git git = new Git(repository)) {
            PersonIdent ident = new PersonIdent(author.name(), author.email());
            RevCommit commit = git.commit().setMessage(message).setAuthor(ident).setCommitter(ident)
                    .setNoVerify(true).setAllowEmpty(false).setSign(false).call();
            return new GitViews.CommitResult(true, commit(commit));
        } catch (EmptyCommitException e) {
            throw ApiException.conflict("Nothing to commit: stage changes first (POST /workspace/" + folder.id() + "/git/stage)");
        } catch (UnmergedPathsException e) {
            throw ApiException.conflict("Cannot commit: resolve the conflicting files first");
        } catch (GitAPIException e) {
            throw failure("commit", e);
        }
    }

    // --- helpers

    static GitViews.Commit commit(RevCommit commit) {
        PersonIdent author = commit.getAuthorIdent();
        List<String> parents = new ArrayList<>();
        for (RevCommit parent : commit.getParents()) {
            parents.add(parent.getName());
        }
        return new GitViews.Commit(commit.getName(), commit.abbreviate(7).name(), commit.getShortMessage(),
                commit.getFullMessage(), author.getName(), author.getEmailAddress(), author.getWhenAsInstant(),
                commit.getCommitterIdent().getName(), parents);
    }

    static ObjectId resolve(Repository repository, String revision) throws IOException {
        ObjectId id;
        try {
            id = repository.resolve(revision);
        } catch (org.eclipse.jgit.errors.RevisionSyntaxException e) {
            throw ApiException.badRequest("Invalid revision '" + revision + "'");
        }
        if (id == null) {
            throw ApiException.notFound("No branch, tag or commit named '" + revision + "'");
        }
        return id;
    }

    private static CanonicalTreeParser parser(ObjectReader reader, ObjectId tree) throws IOException {
        CanonicalTreeParser parser = new CanonicalTreeParser();
        parser.reset(reader, tree);
        return parser;
    }

    static ApiException failure(String what, Exception e) {
        if (e instanceof org.eclipse.jgit.errors.MissingObjectException || e instanceof org.eclipse.jgit.errors.IncorrectObjectTypeException) {
            return ApiException.notFound("Cannot " + what + ": " + e.getMessage());
        }
        return ApiException.conflict("Cannot " + what + ": " + e.getMessage());
    }
}
