-- Skills: the catalogue (kept in step with the skills the server runs), each agent's enablement and usage, and the
-- permissions each agent holds.

CREATE TABLE agent.skills (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name                 VARCHAR(120) NOT NULL UNIQUE,
    display_name         VARCHAR(200) NOT NULL,
    description          TEXT         NOT NULL DEFAULT '',
    category             VARCHAR(50)  NOT NULL DEFAULT 'general',
    required_permissions TEXT[]       NOT NULL DEFAULT '{}',
    version              VARCHAR(40)  NOT NULL DEFAULT '1.0.0',
    is_dangerous         BOOLEAN      NOT NULL DEFAULT false,
    -- off: offered to no agent, whatever their own switches say
    is_enabled           BOOLEAN      NOT NULL DEFAULT true,
    -- builtin (code of this server) or plugin (an MCP server or a declared HTTP plugin)
    source               VARCHAR(20)  NOT NULL DEFAULT 'builtin' CHECK (source IN ('builtin', 'plugin')),
    tools                JSONB        NOT NULL DEFAULT '[]',
    created_at           TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX skills_category_idx ON agent.skills (category);
CREATE INDEX skills_enabled_idx ON agent.skills (id) WHERE is_enabled;
CREATE TRIGGER skills_updated_at BEFORE UPDATE ON agent.skills
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE agent.agent_tools (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agent_id     BIGINT      NOT NULL REFERENCES agent.agents (id) ON DELETE CASCADE,
    skill_id     BIGINT      NOT NULL REFERENCES agent.skills (id) ON DELETE CASCADE,
    is_enabled   BOOLEAN     NOT NULL DEFAULT true,
    config       JSONB       NOT NULL DEFAULT '{}',
    usage_count  BIGINT      NOT NULL DEFAULT 0,
    last_used_at TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (agent_id, skill_id)
);
CREATE INDEX agent_tools_skill_idx ON agent.agent_tools (skill_id);
CREATE INDEX agent_tools_enabled_idx ON agent.agent_tools (agent_id) WHERE is_enabled;
CREATE TRIGGER agent_tools_updated_at BEFORE UPDATE ON agent.agent_tools
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

-- An agent without a row holds the default permissions (read, write, network, git).
CREATE TABLE agent.tool_permissions (
    agent_id    BIGINT PRIMARY KEY REFERENCES agent.agents (id) ON DELETE CASCADE,
    permissions TEXT[]      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Every agent × skill, with the agent's state (upstream's view).
CREATE VIEW agent.agent_tools_view AS
SELECT a.id AS agent_id, a.name AS agent_name, s.id AS skill_id, s.name AS skill_name, s.display_name,
       s.category, s.required_permissions, s.is_dangerous, s.is_enabled AS skill_enabled,
       coalesce(t.is_enabled, false) AS is_enabled, coalesce(t.usage_count, 0) AS usage_count, t.last_used_at
FROM agent.agents a
CROSS JOIN agent.skills s
LEFT JOIN agent.agent_tools t ON t.agent_id = a.id AND t.skill_id = s.id
WHERE a.is_active;
