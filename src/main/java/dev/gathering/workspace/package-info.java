/**
 * The only code that touches project files: {@link dev.gathering.workspace.WorkspaceService} (files, git through
 * JGit, the activity feed) with its path checks ({@code PathGuard}) and folder policy ({@code FolderPolicy}), the
 * {@code /workspace/{project_id}} routes, runs and the terminal (behind GATHERING_WORKSPACE_EXEC), and the agents'
 * {@code filesystem} and {@code git} skills ({@code ToolProjects} decides which project a tool call acts on and whether
 * its user may change it; it also fills the skills' {@link dev.gathering.skill.ProjectFiles}). It learns where
 * projects are through the {@link dev.gathering.workspace.ProjectDirectory} port, which the projects feature implements.
 */
package dev.gathering.workspace;
