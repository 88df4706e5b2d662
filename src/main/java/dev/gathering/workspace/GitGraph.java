package dev.gathering.workspace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * The commit graph for drawing: newest first (topological, then by date), each commit in a column (lane) such that
 * a commit sits in the lane its first child reserved for it; merge parents open new lanes.
 */
final class GitGraph {

    private GitGraph() {
    }

    static GitViews.Graph build(Repository repository, int limit, boolean allBranches) throws IOException {
        Map<ObjectId, List<String>> refs = new HashMap<>();
        List<String> branches = new ArrayList<>();
        List<Ref> starts = new ArrayList<>();
        for (Ref ref : repository.getRefDatabase().getRefs()) {
            Ref peeled = repository.getRefDatabase().peel(ref);
            ObjectId target = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : ref.getObjectId();
            if (target == null) {
                continue;
            }
            String name = Repository.shortenRefName(ref.getName());
            refs.computeIfAbsent(target, id -> new ArrayList<>()).add(name);
            if (ref.getName().startsWith(Constants.R_HEADS) || ref.getName().startsWith(Constants.R_REMOTES)) {
                branches.add(name);
                if (allBranches) {
                    starts.add(ref);
                }
            }
        }
        ObjectId head = repository.resolve(Constants.HEAD);
        if (head != null) {
            refs.computeIfAbsent(head, id -> new ArrayList<>()).addFirst("HEAD");
        }
        List<GitViews.GraphNode> nodes = new ArrayList<>();
        List<GitViews.GraphEdge> edges = new ArrayList<>();
        boolean truncated = false;
        int columns = 0;
        try (RevWalk walk = new RevWalk(repository)) {
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.COMMIT_TIME_DESC, true);
            Set<ObjectId> marked = new LinkedHashSet<>();
            if (head != null) {
                marked.add(head);
            }
            for (Ref ref : starts) {
                marked.add(ref.getObjectId());
            }
            for (ObjectId id : marked) {
                try {
                    walk.markStart(walk.parseCommit(id));
                } catch (org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
                    // a ref to a tree or blob: nothing to draw
                }
            }
            List<ObjectId> lanes = new ArrayList<>();
            for (RevCommit commit : walk) {
                if (nodes.size() >= limit) {
                    truncated = true;
                    break;
                }
                int column = lanes.indexOf(commit);
                if (column < 0) {
                    column = free(lanes);
                    set(lanes, column, commit);
                }
                for (int i = column + 1; i < lanes.size(); i++) {
                    if (commit.equals(lanes.get(i))) {
                        lanes.set(i, null); // two children expected this commit: the lanes join here
                    }
                }
                List<String> parents = new ArrayList<>();
                if (commit.getParentCount() == 0) {
                    lanes.set(column, null);
                }
                for (int p = 0; p < commit.getParentCount(); p++) {
                    RevCommit parent = commit.getParent(p);
                    parents.add(parent.getName());
                    edges.add(new GitViews.GraphEdge(commit.getName(), parent.getName()));
                    if (p == 0) {
                        lanes.set(column, parent);
                    } else if (!lanes.contains(parent)) {
                        set(lanes, free(lanes), parent);
                    }
                }
                columns = Math.max(columns, lanes.size());
                nodes.add(new GitViews.GraphNode(commit.getName(), commit.abbreviate(7).name(), commit.getShortMessage(),
                        commit.getAuthorIdent().getName(), commit.getAuthorIdent().getWhenAsInstant(), parents,
                        refs.getOrDefault(commit, List.of()), column));
            }
        }
        return new GitViews.Graph(head == null ? null : head.getName(), nodes, edges, branches, Math.max(columns, nodes.isEmpty() ? 0 : 1),
                truncated);
    }

    private static int free(List<ObjectId> lanes) {
        int index = lanes.indexOf(null);
        return index < 0 ? lanes.size() : index;
    }

    private static void set(List<ObjectId> lanes, int index, ObjectId id) {
        if (index == lanes.size()) {
            lanes.add(id);
        } else {
            lanes.set(index, id);
        }
    }
}
