/**
 * Projects: server folders and cloned git repositories that agents and people work on. Registration (checked by the
 * workspace's folder policy), detection from disk, links with circles, the prompt context agents of linked circles
 * get ({@link dev.gathering.agent.AgentProjectContext}), background clones. Files are never touched here: everything
 * on disk goes through {@link dev.gathering.workspace.WorkspaceService}.
 */
package dev.gathering.project;
