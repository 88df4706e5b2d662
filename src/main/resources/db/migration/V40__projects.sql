-- Projects: server-local folders or cloned git repositories that agents and people work on, what was detected in
-- them, and the circles linked to them.

CREATE SCHEMA IF NOT EXISTS project;

CREATE TABLE project.projects (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           VARCHAR(200)  NOT NULL CHECK (btrim(name) <> ''),
    display_name   VARCHAR(200),
    -- absolute, normalized, real path of the folder (symlinks resolved when it was registered)
    local_path     VARCHAR(1000) NOT NULL,
    description    TEXT,
    repository_url TEXT,
    branch         VARCHAR(255),
    status         VARCHAR(20)   NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'archived')),
    tech_stack     TEXT[]        NOT NULL DEFAULT '{}',
    languages      TEXT[]        NOT NULL DEFAULT '{}',
    frameworks     TEXT[]        NOT NULL DEFAULT '{}',
    venv_path      VARCHAR(1000),
    python_version VARCHAR(50),
    tools          JSONB         NOT NULL DEFAULT '{}'::jsonb,
    conventions    JSONB         NOT NULL DEFAULT '{}'::jsonb,
    key_files      JSONB         NOT NULL DEFAULT '{}'::jsonb,
    commands       JSONB         NOT NULL DEFAULT '{}'::jsonb,
    notes          TEXT[]        NOT NULL DEFAULT '{}',
    -- credentials for push and pull: the token is sealed (platform.security.SecretBox), never returned
    git_username   VARCHAR(200),
    git_token      TEXT,
    owner_id       TEXT          NOT NULL,
    detected_at    TIMESTAMPTZ,
    created_at     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX projects_local_path_key ON project.projects (local_path);
CREATE INDEX projects_status_idx ON project.projects (status, id);
CREATE TRIGGER projects_updated_at BEFORE UPDATE ON project.projects
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE project.circle_projects (
    project_id BIGINT      NOT NULL REFERENCES project.projects (id) ON DELETE CASCADE,
    circle_id  BIGINT      NOT NULL REFERENCES circle.circles (id) ON DELETE CASCADE,
    is_primary BOOLEAN     NOT NULL DEFAULT false,
    linked_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, circle_id)
);
CREATE INDEX circle_projects_circle_idx ON project.circle_projects (circle_id);
