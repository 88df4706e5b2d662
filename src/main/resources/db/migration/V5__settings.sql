-- Application parameters changed through PATCH /settings/*, applied again at start-up.
CREATE SCHEMA IF NOT EXISTS settings;

CREATE TABLE settings.application (
    key        VARCHAR(50) PRIMARY KEY,
    value      TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
