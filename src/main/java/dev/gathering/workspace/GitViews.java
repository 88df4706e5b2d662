package dev.gathering.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the workspace's git operations return (JSON in snake_case, upstream's names where it had them). */
public final class GitViews {

    private GitViews() {
    }

    /** One staged change: {@code change} is added, modified or deleted. */
    public record StagedFile(String path, String change) {
    }

    /**
     * The state of the working tree. {@code files} maps every changed path to one word: conflict, modified, deleted,
     * added, staged or untracked (in that precedence). {@code ahead}/{@code behind} are null without an upstream.
     */
    public record Status(String branch, boolean isClean, List<StagedFile> staged, List<String> modified,
                         List<String> deleted, List<String> untracked, List<String> conflicts, Integer ahead,
                         Integer behind, Map<String, String> files) {
    }

    public record Commit(String hash, String shortHash, String subject, String message, String authorName,
                         String authorEmail, Instant date, String committerName, List<String> parents) {
    }

    public record ChangedFile(String path, String oldPath, String changeType, int additions, int deletions) {
    }

    /** A unified diff: of the working tree against HEAD (untracked files as additions), or of one commit. */
    public record Diff(String commit, String filePath, String diff, List<ChangedFile> files, boolean truncated) {
    }

    public record Branch(String name, boolean isCurrent, boolean isRemote, String commit) {
    }

    public record Branches(String current, List<Branch> branches) {
    }

    public record FileHistory(String filePath, List<Commit> history) {
    }

    public record StageResult(boolean success, List<String> staged) {
    }

    public record UnstageResult(boolean success, List<String> unstaged) {
    }

    public record CommitResult(boolean success, Commit commit) {
    }

    public record RefUpdate(String ref, String status, String message) {
    }

    public record PushResult(boolean success, String remote, String branch, List<RefUpdate> updates, String message) {
    }

    public record PullResult(boolean success, String remote, String branch, String mergeStatus, String head,
                             List<String> conflicts, String message) {
    }

    /** A commit of the graph, with the column (lane) the UI draws it in. */
    public record GraphNode(String hash, String shortHash, String subject, String authorName, Instant date,
                            List<String> parents, List<String> refs, int column) {
    }

    public record GraphEdge(String from, String to) {
    }

    public record Graph(String head, List<GraphNode> nodes, List<GraphEdge> edges, List<String> branches,
                        int columns, boolean truncated) {
    }

    /** Who signs a commit. */
    public record Author(String name, String email) {
    }
}
