-- The dashboard's views. The agent list row (agent.agent_dashboard, V3 then V20) takes the live status (busy while a
-- chat or circle step holds the agent), counts messages from the session counter instead of the history table, and
-- gains the number of circles the agent is a member of. agent.agents_full is one agent with its persona and model.

CREATE OR REPLACE VIEW agent.agent_dashboard AS
SELECT a.id, a.name, a.role AS persona_role, p.display_name AS persona_name,
       a.model_name, m.model_alias, pr.name AS provider_name,
       CAST(CASE WHEN a.busy_until > now() THEN 'busy' ELSE a.status END AS VARCHAR(20)) AS status,
       a.tasks_completed, a.reviews_done, a.approval_rate, a.average_quality_score,
       a.temperature, a.max_tokens, a.competencies, a.can_review,
       a.is_active, a.last_active_at, a.created_at,
       coalesce(s.message_count, 0) AS message_count,
       (SELECT count(*) FROM memory.memories mm WHERE mm.agent_id = a.id AND mm.is_active) AS memory_count,
       (SELECT count(*) FROM circle.members cm JOIN circle.circles c ON c.id = cm.circle_id
         WHERE cm.agent_id = a.id AND cm.is_active AND c.is_active) AS circle_count
FROM agent.agents a
JOIN agent.providers pr ON pr.id = a.provider_id
LEFT JOIN agent.personas p ON p.id = a.persona_id
LEFT JOIN agent.models m ON m.provider_id = a.provider_id AND m.model_name = a.model_name
LEFT JOIN agent.sessions s ON s.agent_id = a.id
WHERE a.is_active;

CREATE VIEW agent.agents_full AS
SELECT d.*, a.persona_id, coalesce(a.base_prompt, p.full_prompt, p.base_prompt) AS system_prompt,
       a.traits, a.communication_style, a.specializations, a.languages, p.motto,
       pr.api_type AS provider_api_type, m.context_window, m.max_output, m.extended_thinking, m.vision,
       m.pricing_in, m.pricing_out, a.auto_remember, a.cache_responses, a.updated_at
FROM agent.agent_dashboard d
JOIN agent.agents a ON a.id = d.id
JOIN agent.providers pr ON pr.id = a.provider_id
LEFT JOIN agent.personas p ON p.id = a.persona_id
LEFT JOIN agent.models m ON m.provider_id = a.provider_id AND m.model_name = a.model_name;
