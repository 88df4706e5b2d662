-- The workspace activity feed: who (an agent or a user) did what in a project. Upstream kept it in memory.

CREATE SCHEMA IF NOT EXISTS workspace;

CREATE TABLE workspace.activities (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    BIGINT      NOT NULL REFERENCES project.projects (id) ON DELETE CASCADE,
    agent_id      BIGINT      REFERENCES agent.agents (id) ON DELETE SET NULL,
    user_id       TEXT,
    activity_type VARCHAR(30) NOT NULL CHECK (activity_type IN ('file_created', 'file_edited', 'file_deleted', 'commit',
                      'test_run', 'build', 'discussion', 'command_executed', 'push', 'pull')),
    details       JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX activities_project_idx ON workspace.activities (project_id, id DESC);
CREATE INDEX activities_project_type_idx ON workspace.activities (project_id, activity_type, id DESC);
CREATE INDEX activities_agent_idx ON workspace.activities (agent_id) WHERE agent_id IS NOT NULL;
