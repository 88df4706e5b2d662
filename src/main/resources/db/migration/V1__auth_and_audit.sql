-- Platform: users, revoked tokens and the security audit trail.

CREATE OR REPLACE FUNCTION public.update_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at = now();
    RETURN NEW;
END;
$$;

CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE auth.users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    external_id   VARCHAR(36)  NOT NULL UNIQUE DEFAULT gen_random_uuid()::text,
    email         VARCHAR(255) NOT NULL,
    email_lower   VARCHAR(255) GENERATED ALWAYS AS (lower(email)) STORED,
    name          VARCHAR(100) NOT NULL,
    password_hash VARCHAR(72)  NOT NULL,
    role          VARCHAR(20)  NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    is_active     BOOLEAN      NOT NULL DEFAULT true,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_lower_key ON auth.users (email_lower);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON auth.users
    FOR EACH ROW EXECUTE FUNCTION public.update_updated_at();

CREATE TABLE auth.token_blacklist (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash     VARCHAR(64) NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    blacklisted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    user_id        VARCHAR(36),
    reason         VARCHAR(50) NOT NULL DEFAULT 'logout'
);
CREATE UNIQUE INDEX token_blacklist_token_hash_key ON auth.token_blacklist (token_hash);
CREATE INDEX token_blacklist_expires_at_idx ON auth.token_blacklist (expires_at);

CREATE TABLE audit.security_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_type  VARCHAR(100) NOT NULL,
    severity    VARCHAR(20)  NOT NULL DEFAULT 'info',
    user_id     VARCHAR(36),
    ip_address  INET,
    message     TEXT,
    details     JSONB        NOT NULL DEFAULT '{}'::jsonb,
    request_id  VARCHAR(128),
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX security_events_type_idx ON audit.security_events (event_type);
CREATE INDEX security_events_severity_idx ON audit.security_events (severity) WHERE severity IN ('high', 'critical');
CREATE INDEX security_events_ip_idx ON audit.security_events (ip_address);
CREATE INDEX security_events_created_at_idx ON audit.security_events (created_at DESC);
