package dev.gathering.workspace;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the workspace's file operations return (JSON in snake_case). */
public final class FileViews {

    private FileViews() {
    }

    /**
     * A node of a file tree. {@code type}: directory, file or symlink. {@code children} is null for files and for
     * folders below {@code max_depth}. {@code git_status} only when asked and the file has changes.
     */
    public record TreeNode(String name, String path, String type, Long size, Instant modified, String gitStatus,
                           List<TreeNode> children) {
    }

    /** A project's tree: at most {@code tree_max_entries} entries, then {@code truncated}. */
    public record Tree(long projectId, String root, TreeNode tree, int totalEntries, boolean truncated,
                       boolean includesGitStatus) {
    }

    public record Entry(String name, String path, String type, Long size, Instant modified) {
    }

    /** One folder's entries (at most 1 000). */
    public record Listing(String path, List<Entry> entries, boolean truncated) {
    }

    /** A text file. {@code encoding}: utf-8, utf-8-sig or latin-1. {@code language} from the extension, or null. */
    public record FileContent(String path, String name, String content, String encoding, String language, long size,
                              long lines, Instant modified, String mimeType) {
    }

    public record RawFile(String path, String name, byte[] bytes, String mimeType) {
    }

    /** {@code backup_path} names the {@code .bak} copy of the previous content, when one was made. */
    public record WriteResult(boolean success, String path, long size, boolean created, String backupPath) {
    }

    public record DeleteResult(boolean success, String path) {
    }

    /** A line of a file where the searched text occurs ({@code line} counts from 1; {@code text} cut at 300 chars). */
    public record SearchMatch(String path, int line, String text) {
    }

    /**
     * Where a text occurs in a folder's files. {@code truncated}: the walk stopped at the match or file limit, so there
     * may be more.
     */
    public record Search(String path, String query, List<SearchMatch> matches, int filesSearched, boolean truncated) {
    }

    /** Upstream's workspace info: {@code type} development, design_3d, video, finance, data_science or custom. */
    public record Info(long projectId, String type, Map<String, Object> metadata, List<String> capabilities) {
    }

    public record BrowseEntry(String name, String path, boolean isDir, boolean isProject, Long size, Instant modified) {
    }

    /** A server folder's sub-folders and files, for choosing one to register. */
    public record Browse(String currentPath, String parentPath, List<BrowseEntry> entries, boolean canCreateProject,
                         boolean truncated) {
    }
}
