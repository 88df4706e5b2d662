-- Events: the relay between instances sharing this database goes through LISTEN/NOTIFY on channel
-- gathering_events. A NOTIFY payload must stay under 8000 bytes; a larger event is written here and the
-- notification carries only its id. Rows are read within milliseconds by the listening instances and pruned
-- by the senders after ten minutes.

CREATE SCHEMA IF NOT EXISTS events;

CREATE TABLE events.relay_overflow (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    payload    TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX relay_overflow_created_at ON events.relay_overflow (created_at);
