-- Providers, models, personas, agents, their sessions and chat history.

CREATE SCHEMA IF NOT EXISTS agent;
CREATE SCHEMA IF NOT EXISTS communication;

CREATE TABLE agent.providers (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name              VARCHAR(50)  NOT NULL UNIQUE CHECK (name = lower(name) AND name <> ''),
    api_type          VARCHAR(20)  NOT NULL DEFAULT 'openai'
                      CHECK (api_type IN ('openai', 'anthropic', 'ollama', 'gemini', 'local')),
    api_base_url      TEXT,
    is_local          BOOLEAN      NOT NULL DEFAULT false,
    is_builtin        BOOLEAN      NOT NULL DEFAULT false,
    -- settings written through PATCH /settings/providers/{name} (they win over environment variables);
    -- the key is AES-GCM encrypted
    api_key_encrypted TEXT,
    settings_base_url TEXT,
    default_model     VARCHAR(100),
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE TRIGGER providers_updated_at BEFORE UPDATE ON agent.providers
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE agent.models (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    provider_id         BIGINT        NOT NULL REFERENCES agent.providers (id) ON DELETE CASCADE,
    model_name          VARCHAR(100)  NOT NULL,
    model_alias         VARCHAR(50),
    -- prices in USD per million tokens
    pricing_in          NUMERIC(10, 4) NOT NULL DEFAULT 0 CHECK (pricing_in >= 0),
    pricing_out         NUMERIC(10, 4) NOT NULL DEFAULT 0 CHECK (pricing_out >= 0),
    pricing_cache_read  NUMERIC(10, 4) NOT NULL DEFAULT 0 CHECK (pricing_cache_read >= 0),
    pricing_cache_write NUMERIC(10, 4) NOT NULL DEFAULT 0 CHECK (pricing_cache_write >= 0),
    extended_thinking   BOOLEAN       NOT NULL DEFAULT false,
    vision              BOOLEAN       NOT NULL DEFAULT false,
    function_calling    BOOLEAN       NOT NULL DEFAULT true,
    streaming           BOOLEAN       NOT NULL DEFAULT true,
    context_window      INTEGER CHECK (context_window > 0),
    max_output          INTEGER CHECK (max_output > 0),
    release_date        DATE,
    is_deprecated       BOOLEAN       NOT NULL DEFAULT false,
    created_at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ   NOT NULL DEFAULT now(),
    UNIQUE (provider_id, model_name)
);
CREATE INDEX models_alias_idx ON agent.models (model_alias);
CREATE TRIGGER models_updated_at BEFORE UPDATE ON agent.models
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE agent.personas (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    display_name        VARCHAR(100) NOT NULL,
    role                VARCHAR(200) NOT NULL,
    base_prompt         TEXT,
    full_prompt         TEXT,
    traits              TEXT[]       NOT NULL DEFAULT '{}',
    communication_style VARCHAR(30)  NOT NULL DEFAULT 'balanced',
    specializations     TEXT[]       NOT NULL DEFAULT '{}',
    languages           TEXT[]       NOT NULL DEFAULT '{en}',
    motto               TEXT,
    description         TEXT,
    default_model_id    BIGINT REFERENCES agent.models (id) ON DELETE SET NULL,
    is_builtin          BOOLEAN      NOT NULL DEFAULT false,
    created_at          TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX personas_display_name_key ON agent.personas (lower(display_name));
CREATE TRIGGER personas_updated_at BEFORE UPDATE ON agent.personas
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE agent.agents (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                  VARCHAR(100)  NOT NULL,
    role                  VARCHAR(200)  NOT NULL DEFAULT '',
    persona_id            BIGINT REFERENCES agent.personas (id) ON DELETE SET NULL,
    base_prompt           TEXT,
    traits                TEXT[]        NOT NULL DEFAULT '{}',
    communication_style   VARCHAR(30)   NOT NULL DEFAULT 'balanced',
    specializations       TEXT[]        NOT NULL DEFAULT '{}',
    languages             TEXT[]        NOT NULL DEFAULT '{en}',
    provider_id           BIGINT        NOT NULL REFERENCES agent.providers (id),
    model_name            VARCHAR(100)  NOT NULL,
    max_tokens            INTEGER       NOT NULL DEFAULT 4096 CHECK (max_tokens > 0),
    temperature           DOUBLE PRECISION NOT NULL DEFAULT 0.7 CHECK (temperature BETWEEN 0 AND 2),
    competencies          TEXT[]        NOT NULL DEFAULT '{}',
    can_review            TEXT[]        NOT NULL DEFAULT '{}',
    auto_remember         BOOLEAN       NOT NULL DEFAULT true,
    cache_responses       BOOLEAN       NOT NULL DEFAULT false,
    status                VARCHAR(20)   NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'busy', 'offline')),
    -- a chat in progress holds the agent until then (a crashed instance's hold lapses on its own)
    busy_until            TIMESTAMPTZ,
    tasks_completed       INTEGER       NOT NULL DEFAULT 0,
    reviews_done          INTEGER       NOT NULL DEFAULT 0,
    approval_rate         DOUBLE PRECISION CHECK (approval_rate BETWEEN 0 AND 1),
    average_quality_score DOUBLE PRECISION CHECK (average_quality_score BETWEEN 0 AND 100),
    is_active             BOOLEAN       NOT NULL DEFAULT true,
    last_active_at        TIMESTAMPTZ,
    created_at            TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX agents_active_idx ON agent.agents (id) WHERE is_active;
CREATE INDEX agents_provider_idx ON agent.agents (provider_id);
CREATE INDEX agents_persona_idx ON agent.agents (persona_id);
CREATE TRIGGER agents_updated_at BEFORE UPDATE ON agent.agents
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE agent.sessions (
    agent_id              BIGINT PRIMARY KEY REFERENCES agent.agents (id) ON DELETE CASCADE,
    status                VARCHAR(20) NOT NULL DEFAULT 'active',
    working_files         TEXT[]      NOT NULL DEFAULT '{}',
    pending_actions       TEXT[]      NOT NULL DEFAULT '{}',
    completed_actions     TEXT[]      NOT NULL DEFAULT '{}',
    current_task_id       VARCHAR(100),
    current_task_title    TEXT,
    current_task_progress TEXT,
    last_activity_at      TIMESTAMPTZ,
    -- kept with each stored exchange, so that no listing counts chat_history rows
    message_count         BIGINT      NOT NULL DEFAULT 0,
    started_at            TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE communication.chat_history (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id    BIGINT        NOT NULL REFERENCES agent.agents (id) ON DELETE CASCADE,
    role        VARCHAR(20)   NOT NULL CHECK (role IN ('user', 'assistant')),
    content     TEXT          NOT NULL,
    user_id     VARCHAR(36),
    provider    VARCHAR(50),
    model_used  VARCHAR(100),
    tokens_in   INTEGER       NOT NULL DEFAULT 0,
    tokens_out  INTEGER       NOT NULL DEFAULT 0,
    cost_usd    NUMERIC(14, 8) NOT NULL DEFAULT 0,
    duration_ms BIGINT,
    cached      BOOLEAN       NOT NULL DEFAULT false,
    tool_calls  JSONB,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX chat_history_agent_idx ON communication.chat_history (agent_id, id DESC);
CREATE INDEX chat_history_usage_idx ON communication.chat_history (created_at) WHERE role = 'assistant';

-- One row per agent for the dashboard list; later features extend it (memories, circles).
CREATE VIEW agent.agent_dashboard AS
SELECT a.id, a.name, a.role AS persona_role, p.display_name AS persona_name,
       a.model_name, m.model_alias, pr.name AS provider_name, a.status,
       a.tasks_completed, a.reviews_done, a.approval_rate, a.average_quality_score,
       a.temperature, a.max_tokens, a.competencies, a.can_review,
       a.is_active, a.last_active_at, a.created_at, coalesce(s.message_count, 0) AS message_count
FROM agent.agents a
JOIN agent.providers pr ON pr.id = a.provider_id
LEFT JOIN agent.personas p ON p.id = a.persona_id
LEFT JOIN agent.models m ON m.provider_id = a.provider_id AND m.model_name = a.model_name
LEFT JOIN agent.sessions s ON s.agent_id = a.id
WHERE a.is_active;
