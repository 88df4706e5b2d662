-- Semantic memory and knowledge base. PostgreSQL is the source of truth for texts and vectors; vectors are searched
-- by an in-process index rebuilt from these tables (pgvector is not needed). A vector is float32 little-endian in a
-- bytea, one row per (item, embedding model): during a model switch the old and the new vectors coexist.

CREATE SCHEMA IF NOT EXISTS memory;

CREATE TABLE memory.memories (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id         BIGINT           NOT NULL REFERENCES agent.agents (id) ON DELETE CASCADE,
    -- agent: private; circle / project: shared with that circle or project (scope_id, no FK until those features
    -- exist); global: shared with everyone
    scope            VARCHAR(20)      NOT NULL DEFAULT 'agent' CHECK (scope IN ('agent', 'circle', 'project', 'global')),
    scope_id         BIGINT,
    memory_type      VARCHAR(20)      NOT NULL DEFAULT 'fact' CHECK (memory_type IN ('fact', 'preference', 'context',
                         'decision', 'error', 'feedback', 'learning', 'experience', 'skill', 'relationship')),
    key              VARCHAR(200),
    value            TEXT             NOT NULL CHECK (value <> ''),
    importance       DOUBLE PRECISION NOT NULL DEFAULT 0.5 CHECK (importance BETWEEN 0 AND 1),
    tags             TEXT[]           NOT NULL DEFAULT '{}',
    source_type      VARCHAR(20)      NOT NULL DEFAULT 'api',
    access_count     INTEGER          NOT NULL DEFAULT 0,
    last_accessed_at TIMESTAMPTZ,
    is_active        BOOLEAN          NOT NULL DEFAULT true,
    forgotten_at     TIMESTAMPTZ,
    created_at       TIMESTAMPTZ      NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ      NOT NULL DEFAULT now(),
    CHECK (scope_id IS NOT NULL OR scope NOT IN ('circle', 'project'))
);
CREATE INDEX memories_agent_idx ON memory.memories (agent_id, id DESC);
CREATE INDEX memories_active_idx ON memory.memories (id) WHERE is_active;
CREATE INDEX memories_scope_idx ON memory.memories (scope, scope_id) WHERE scope <> 'agent';
CREATE INDEX memories_tags_idx ON memory.memories USING GIN (tags);
-- instances re-check recently changed rows, in case an event between instances was lost
CREATE INDEX memories_updated_idx ON memory.memories (updated_at);
CREATE TRIGGER memories_updated_at BEFORE UPDATE ON memory.memories
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE memory.memory_vectors (
    memory_id  BIGINT      NOT NULL REFERENCES memory.memories (id) ON DELETE CASCADE,
    model      VARCHAR(200) NOT NULL,
    dimension  INTEGER     NOT NULL CHECK (dimension > 0),
    vector     BYTEA       NOT NULL CHECK (octet_length(vector) = 4 * dimension),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (memory_id, model)
);
CREATE INDEX memory_vectors_model_idx ON memory.memory_vectors (model, memory_id);

CREATE TABLE memory.knowledge_base (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title           VARCHAR(500) NOT NULL CHECK (title <> ''),
    content         TEXT         NOT NULL CHECK (content <> ''),
    category        VARCHAR(50),
    -- plain ids until the projects and circles features exist
    project_id      BIGINT,
    circle_id       BIGINT,
    is_global       BOOLEAN      NOT NULL DEFAULT false,
    tags            TEXT[]       NOT NULL DEFAULT '{}',
    source_url      TEXT,
    author_agent_id BIGINT REFERENCES agent.agents (id) ON DELETE SET NULL,
    -- an uploaded document: its main entry names the file; each chunk points at the main entry
    filename        VARCHAR(255),
    format          VARCHAR(20),
    document_id     BIGINT REFERENCES memory.knowledge_base (id) ON DELETE CASCADE,
    chunk_index     INTEGER,
    is_active       BOOLEAN      NOT NULL DEFAULT true,
    search          TSVECTOR GENERATED ALWAYS AS (
                        setweight(to_tsvector('english'::regconfig, title), 'A')
                        || setweight(to_tsvector('english'::regconfig, content), 'B')) STORED,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_base_recent_idx ON memory.knowledge_base (created_at DESC, id DESC) WHERE is_active;
CREATE INDEX knowledge_base_category_idx ON memory.knowledge_base (category) WHERE is_active;
CREATE INDEX knowledge_base_project_idx ON memory.knowledge_base (project_id) WHERE project_id IS NOT NULL;
CREATE INDEX knowledge_base_circle_idx ON memory.knowledge_base (circle_id) WHERE circle_id IS NOT NULL;
CREATE INDEX knowledge_base_document_idx ON memory.knowledge_base (document_id) WHERE document_id IS NOT NULL;
CREATE INDEX knowledge_base_tags_idx ON memory.knowledge_base USING GIN (tags);
CREATE INDEX knowledge_base_search_idx ON memory.knowledge_base USING GIN (search);
CREATE INDEX knowledge_base_updated_idx ON memory.knowledge_base (updated_at);
CREATE TRIGGER knowledge_base_updated_at BEFORE UPDATE ON memory.knowledge_base
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE memory.knowledge_vectors (
    entry_id   BIGINT       NOT NULL REFERENCES memory.knowledge_base (id) ON DELETE CASCADE,
    model      VARCHAR(200) NOT NULL,
    dimension  INTEGER      NOT NULL CHECK (dimension > 0),
    vector     BYTEA        NOT NULL CHECK (octet_length(vector) = 4 * dimension),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (entry_id, model)
);
CREATE INDEX knowledge_vectors_model_idx ON memory.knowledge_vectors (model, entry_id);

-- The embedding model in use and the re-embedding towards another one (one row). Writers read it under a shared
-- advisory lock in their transaction and the switch takes that lock alone, so no item is left without a vector of the
-- active model.
CREATE TABLE memory.embedding_state (
    id                 BOOLEAN PRIMARY KEY DEFAULT true CHECK (id),
    active             JSONB        NOT NULL,
    target             JSONB,
    reindex_status     VARCHAR(20)  NOT NULL DEFAULT 'idle'
                       CHECK (reindex_status IN ('idle', 'running', 'completed', 'failed')),
    reindex_total      BIGINT       NOT NULL DEFAULT 0,
    reindex_done       BIGINT       NOT NULL DEFAULT 0,
    reindex_from       VARCHAR(200),
    reindex_to         VARCHAR(200),
    reindex_error      TEXT,
    reindex_started_at TIMESTAMPTZ,
    reindex_finished_at TIMESTAMPTZ,
    -- the instance re-embedding renews this; another one resumes the work when it lapses
    lease_until        TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- The dashboard view, as in V3, with the number of active memories added at the end.
CREATE OR REPLACE VIEW agent.agent_dashboard AS
SELECT a.id, a.name, a.role AS persona_role, p.display_name AS persona_name,
       a.model_name, m.model_alias, pr.name AS provider_name, a.status,
       a.tasks_completed, a.reviews_done, a.approval_rate, a.average_quality_score,
       a.temperature, a.max_tokens, a.competencies, a.can_review,
       a.is_active, a.last_active_at, a.created_at,
       (SELECT count(*) FROM communication.chat_history h WHERE h.agent_id = a.id) AS message_count,
       (SELECT count(*) FROM memory.memories mm WHERE mm.agent_id = a.id AND mm.is_active) AS memory_count
FROM agent.agents a
JOIN agent.providers pr ON pr.id = a.provider_id
LEFT JOIN agent.personas p ON p.id = a.persona_id
LEFT JOIN agent.models m ON m.provider_id = a.provider_id AND m.model_name = a.model_name
WHERE a.is_active;
