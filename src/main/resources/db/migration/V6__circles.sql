-- Circles: teams of agents, their tasks (with reviews, escalations), file claims and conflicts.

CREATE SCHEMA IF NOT EXISTS circle;

CREATE TABLE circle.circles (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 VARCHAR(100) NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    status               VARCHAR(20)  NOT NULL DEFAULT 'stopped'
                         CHECK (status IN ('stopped', 'starting', 'running', 'stopping')),
    require_review       BOOLEAN      NOT NULL DEFAULT true,
    auto_route           BOOLEAN      NOT NULL DEFAULT true,
    max_concurrent_tasks INTEGER      NOT NULL DEFAULT 5 CHECK (max_concurrent_tasks BETWEEN 1 AND 100),
    project_id           BIGINT,
    is_active            BOOLEAN      NOT NULL DEFAULT true,
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at           TIMESTAMPTZ,
    stopped_at           TIMESTAMPTZ,
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX circles_name_key ON circle.circles (lower(name)) WHERE is_active;
CREATE INDEX circles_running_idx ON circle.circles (id) WHERE is_active AND status IN ('running', 'stopping');
CREATE TRIGGER circles_updated_at BEFORE UPDATE ON circle.circles
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE circle.members (
    circle_id          BIGINT      NOT NULL REFERENCES circle.circles (id) ON DELETE CASCADE,
    agent_id           BIGINT      NOT NULL REFERENCES agent.agents (id) ON DELETE CASCADE,
    competencies       TEXT[]      NOT NULL DEFAULT '{}',
    can_review         TEXT[]      NOT NULL DEFAULT '{}',
    is_active          BOOLEAN     NOT NULL DEFAULT true,
    joined_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    left_at            TIMESTAMPTZ,
    tasks_completed    INTEGER     NOT NULL DEFAULT 0,
    tasks_failed       INTEGER     NOT NULL DEFAULT 0,
    reviews_received   INTEGER     NOT NULL DEFAULT 0,
    approvals          INTEGER     NOT NULL DEFAULT 0,
    quality_score_sum  DOUBLE PRECISION NOT NULL DEFAULT 0,
    quality_scores     INTEGER     NOT NULL DEFAULT 0,
    reviews_done       INTEGER     NOT NULL DEFAULT 0,
    PRIMARY KEY (circle_id, agent_id)
);
CREATE INDEX members_agent_idx ON circle.members (agent_id);

CREATE TABLE circle.tasks (
    id                     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    circle_id              BIGINT       NOT NULL REFERENCES circle.circles (id) ON DELETE CASCADE,
    title                  VARCHAR(500) NOT NULL,
    description            TEXT         NOT NULL DEFAULT '',
    required_competencies  TEXT[]       NOT NULL DEFAULT '{}',
    priority               SMALLINT     NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
    status                 VARCHAR(20)  NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'in_progress', 'review', 'completed', 'blocked', 'cancelled', 'failed')),
    offered_agent_id       BIGINT REFERENCES agent.agents (id) ON DELETE SET NULL,
    offer_score            DOUBLE PRECISION,
    assigned_agent_id      BIGINT REFERENCES agent.agents (id) ON DELETE SET NULL,
    reviewer_id            BIGINT REFERENCES agent.agents (id) ON DELETE SET NULL,
    -- who does the work: 'agent' (the circle's worker, through the agent's model) or 'human' (through the API)
    executor               VARCHAR(10)  CHECK (executor IN ('agent', 'human')),
    -- held by the worker that is running the current step (work or review); lapses if that worker dies
    lease_until            TIMESTAMPTZ,
    lease_owner            VARCHAR(64),
    result                 TEXT,
    files_modified         TEXT[]       NOT NULL DEFAULT '{}',
    iteration              INTEGER      NOT NULL DEFAULT 1,
    review_comments        TEXT,
    review_attempts        INTEGER      NOT NULL DEFAULT 0,
    failure_reason         TEXT,
    created_at             TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at             TIMESTAMPTZ,
    submitted_at           TIMESTAMPTZ,
    completed_at           TIMESTAMPTZ,
    updated_at             TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX tasks_circle_idx ON circle.tasks (circle_id, id);
CREATE INDEX tasks_circle_status_idx ON circle.tasks (circle_id, status);
CREATE INDEX tasks_open_work_idx ON circle.tasks (circle_id) WHERE status IN ('pending', 'in_progress', 'review');
CREATE TRIGGER tasks_updated_at BEFORE UPDATE ON circle.tasks
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE circle.reviews (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id     BIGINT      NOT NULL REFERENCES circle.tasks (id) ON DELETE CASCADE,
    reviewer_id BIGINT      REFERENCES agent.agents (id) ON DELETE SET NULL,
    decision    VARCHAR(20) NOT NULL CHECK (decision IN ('approved', 'changes_requested', 'rejected')),
    score       DOUBLE PRECISION CHECK (score BETWEEN 0 AND 100),
    comments    TEXT        NOT NULL DEFAULT '',
    iteration   INTEGER     NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX reviews_task_idx ON circle.reviews (task_id);

CREATE TABLE circle.escalations (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    circle_id   BIGINT      NOT NULL REFERENCES circle.circles (id) ON DELETE CASCADE,
    task_id     BIGINT      REFERENCES circle.tasks (id) ON DELETE CASCADE,
    reason      TEXT        NOT NULL,
    severity    VARCHAR(10) NOT NULL DEFAULT 'high' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    resolved    BOOLEAN     NOT NULL DEFAULT false,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX escalations_circle_idx ON circle.escalations (circle_id);

CREATE TABLE circle.file_claims (
    circle_id  BIGINT      NOT NULL REFERENCES circle.circles (id) ON DELETE CASCADE,
    path       TEXT        NOT NULL,
    agent_id   BIGINT      NOT NULL REFERENCES agent.agents (id) ON DELETE CASCADE,
    claimed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (circle_id, path)
);

CREATE TABLE circle.conflicts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    circle_id   BIGINT      NOT NULL REFERENCES circle.circles (id) ON DELETE CASCADE,
    type        VARCHAR(30) NOT NULL DEFAULT 'file_collision'
                CHECK (type IN ('file_collision', 'task_deadlock', 'resource', 'opinion')),
    resource    TEXT        NOT NULL,
    agent_ids   BIGINT[]    NOT NULL,
    description TEXT        NOT NULL,
    resolved    BOOLEAN     NOT NULL DEFAULT false,
    resolution  TEXT,
    detected_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at TIMESTAMPTZ
);
CREATE INDEX conflicts_circle_idx ON circle.conflicts (circle_id) WHERE NOT resolved;
