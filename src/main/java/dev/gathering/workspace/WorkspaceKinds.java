package dev.gathering.workspace;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Upstream's workspace types, decided by the files a folder holds (a bounded look: 2 000 files, 4 levels): design_3d
 * (3D models and scenes), video, data_science (notebooks, data files), finance (ledgers, bank exports), development
 * (source code), otherwise custom.
 */
final class WorkspaceKinds {

    private static final int MAX_FILES = 2000;
    private static final Map<String, String> KIND_BY_EXTENSION = new HashMap<>();

    static {
        for (String ext : List.of("blend", "fbx", "obj", "stl", "gltf", "glb", "3ds", "dae", "max", "ma", "mb", "usd", "usdz")) {
            KIND_BY_EXTENSION.put(ext, "design_3d");
        }
        for (String ext : List.of("mp4", "mov", "mkv", "avi", "webm", "prproj", "aep", "drp", "mxf")) {
            KIND_BY_EXTENSION.put(ext, "video");
        }
        for (String ext : List.of("ipynb", "parquet", "feather", "h5", "hdf5", "pkl", "npy", "npz", "arrow")) {
            KIND_BY_EXTENSION.put(ext, "data_science");
        }
        for (String ext : List.of("ofx", "qif", "qfx", "ledger", "beancount", "gnucash")) {
            KIND_BY_EXTENSION.put(ext, "finance");
        }
    }

    private WorkspaceKinds() {
    }

    static FileViews.Info info(ProjectFolder folder, boolean git, boolean exec) {
        Path root = PathGuard.realRoot(folder.path());
        Map<String, Integer> kinds = new HashMap<>();
        Map<String, Integer> languages = new HashMap<>();
        int[] files = {0};
        try {
            Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), 4, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return !dir.equals(root) && Set.of(".git", "node_modules", ".venv", "venv", "target").contains(name)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (++files[0] > MAX_FILES) {
                        return FileVisitResult.TERMINATE;
                    }
                    String name = file.getFileName().toString();
                    String kind = KIND_BY_EXTENSION.get(Languages.extension(name));
                    String language = Languages.of(name);
                    if (kind != null) {
                        kinds.merge(kind, 1, Integer::sum);
                    } else if (Languages.isCode(language)) {
                        kinds.merge("development", 1, Integer::sum);
                    }
                    if (Languages.isCode(language)) {
                        languages.merge(language, 1, Integer::sum);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what was seen so far decides
        }
        // media and data files outweigh the scripts that usually come with them (one for four source files)
        int code = kinds.getOrDefault("development", 0);
        String type = kinds.entrySet().stream().filter(entry -> !entry.getKey().equals("development"))
                .max(Map.Entry.comparingByValue()).filter(entry -> entry.getValue() * 4 >= code).map(Map.Entry::getKey)
                .orElse(code > 0 ? "development" : "custom");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", folder.name());
        metadata.put("path", root.toString());
        metadata.put("is_git_repo", git);
        metadata.put("file_count", Math.min(files[0], MAX_FILES));
        metadata.put("languages", languages.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).map(Map.Entry::getKey).toList());
        List<String> capabilities = new ArrayList<>(List.of("file_tree", "file_read", "file_write", "activity_feed"));
        if (git) {
            capabilities.addAll(List.of("git_status", "git_commit", "git_diff", "git_history", "git_push_pull"));
        }
        if (type.equals("development")) {
            capabilities.add("lsp");
        }
        if (exec) {
            capabilities.addAll(List.of("run_python", "run", "terminal"));
        }
        return new FileViews.Info(folder.id(), type, metadata, capabilities);
    }
}
