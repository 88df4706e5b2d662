package dev.gathering.workspace;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of projects' folders ({@code gathering.workspace.*}).
 *
 * @param root             where repositories are cloned; empty: {@code GATHERING_HOME/workspaces}
 * @param allowed          the folders under which projects may be registered and browsed (comma-separated roots);
 *                         empty: the user's home and {@link #root}
 * @param exec             {@code run-python}, {@code run} and the terminal run programs in project folders: off unless
 *                         true, and admin-only even then
 * @param execTimeout      longest run of one {@code run-python} / {@code run} (408 beyond)
 * @param execOutputMax    stdout and stderr kept of one run, each (the rest is discarded)
 * @param treeMaxEntries   most entries of a file tree (then {@code truncated: true})
 * @param readMax          largest file read as text or raw bytes
 * @param terminalsPerUser terminal sessions one user may hold at once
 * @param terminalIdle     a terminal without input or output for this long is closed
 * @param cloneTimeout     longest a clone may take
 * @param terminalShell    the terminal's shell (started interactive, {@code -i}); empty: bash, else sh
 */
@ConfigurationProperties("gathering.workspace")
public record WorkspaceProperties(
        Path root,
        List<String> allowed,
        @DefaultValue("false") boolean exec,
        @DefaultValue("30s") Duration execTimeout,
        @DefaultValue("100KB") DataSize execOutputMax,
        @DefaultValue("10000") int treeMaxEntries,
        @DefaultValue("5MB") DataSize readMax,
        @DefaultValue("3") int terminalsPerUser,
        @DefaultValue("30m") Duration terminalIdle,
        @DefaultValue("10m") Duration cloneTimeout,
        @DefaultValue("") String terminalShell) {

    public WorkspaceProperties {
        allowed = allowed == null ? List.of() : allowed.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
