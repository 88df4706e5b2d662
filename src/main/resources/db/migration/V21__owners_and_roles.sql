-- Object-level access control (docs/architecture.md, "Access control").
-- Roles: admin, member (upstream's "user"), viewer (read-only).
ALTER TABLE auth.users DROP CONSTRAINT IF EXISTS users_role_check;
UPDATE auth.users SET role = 'member' WHERE role = 'user';
ALTER TABLE auth.users ALTER COLUMN role SET DEFAULT 'member';
ALTER TABLE auth.users ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'member', 'viewer'));

-- Every resource records its owner: AuthenticatedUser.id() of its creator ("admin" for the environment
-- administrator, a user's external id otherwise). What existed before belongs to the administrator. No default
-- afterwards: a resource created without an owner is a bug, refused by the database.
ALTER TABLE agent.agents ADD COLUMN owner_id TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE agent.agents ALTER COLUMN owner_id DROP DEFAULT;
ALTER TABLE agent.personas ADD COLUMN owner_id TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE agent.personas ALTER COLUMN owner_id DROP DEFAULT;
ALTER TABLE circle.circles ADD COLUMN owner_id TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE circle.circles ALTER COLUMN owner_id DROP DEFAULT;
CREATE INDEX circles_owner_idx ON circle.circles (owner_id) WHERE is_active;
ALTER TABLE memory.memories ADD COLUMN owner_id TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE memory.memories ALTER COLUMN owner_id DROP DEFAULT;
ALTER TABLE memory.knowledge_base ADD COLUMN owner_id TEXT NOT NULL DEFAULT 'admin';
ALTER TABLE memory.knowledge_base ALTER COLUMN owner_id DROP DEFAULT;

-- Chat history is per user: each user reads their own conversation with an agent (admins every one).
UPDATE communication.chat_history SET user_id = 'admin' WHERE user_id IS NULL OR user_id LIKE 'circle:%';
CREATE INDEX chat_history_agent_user_idx ON communication.chat_history (agent_id, user_id, id DESC);
CREATE INDEX chat_history_user_usage_idx ON communication.chat_history (user_id, created_at) WHERE role = 'assistant';
