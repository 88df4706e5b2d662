-- Plugins: MCP servers (a command over stdio, or a Streamable HTTP URL) and declared HTTP tools. A row is a plugin
-- the server should run: every instance connects it at start and whenever it changes. Its configuration is sealed
-- (it holds secrets: environment values, headers); public_config is the same with every secret masked.

CREATE SCHEMA IF NOT EXISTS plugin;

CREATE TABLE plugin.plugins (
    id            VARCHAR(64)  PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    kind          VARCHAR(20)  NOT NULL CHECK (kind IN ('mcp_stdio', 'mcp_http', 'http')),
    name          VARCHAR(200) NOT NULL,
    version       VARCHAR(40)  NOT NULL DEFAULT '1.0.0',
    description   TEXT         NOT NULL DEFAULT '',
    author        VARCHAR(200),
    license       VARCHAR(100),
    homepage      TEXT,
    tags          TEXT[]       NOT NULL DEFAULT '{}',
    config_sealed TEXT         NOT NULL,
    public_config JSONB        NOT NULL DEFAULT '{}',
    -- declared tools (http plugins) and competencies
    manifest      JSONB        NOT NULL DEFAULT '{}',
    permissions   TEXT[]       NOT NULL DEFAULT '{}',
    is_enabled    BOOLEAN      NOT NULL DEFAULT true,
    -- bumped by every change, so that each instance knows when to reconnect
    revision      BIGINT       NOT NULL DEFAULT 1,
    owner_id      TEXT,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE TRIGGER plugins_updated_at BEFORE UPDATE ON plugin.plugins
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

-- Manifests found by POST /plugins/discover, loadable by id.
CREATE TABLE plugin.available (
    id            VARCHAR(64)  PRIMARY KEY,
    path          TEXT         NOT NULL,
    manifest      JSONB        NOT NULL,
    discovered_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
