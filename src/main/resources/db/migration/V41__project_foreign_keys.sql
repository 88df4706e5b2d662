-- project_id on circles and knowledge entries becomes a real reference. Until now no project could exist, so any
-- value there pointed at nothing: it is cleared rather than kept dangling.

UPDATE circle.circles SET project_id = NULL
WHERE project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM project.projects p WHERE p.id = circles.project_id);
ALTER TABLE circle.circles ADD CONSTRAINT circles_project_id_fkey
    FOREIGN KEY (project_id) REFERENCES project.projects (id) ON DELETE SET NULL;
CREATE INDEX IF NOT EXISTS circles_project_idx ON circle.circles (project_id) WHERE project_id IS NOT NULL;

UPDATE memory.knowledge_base SET project_id = NULL
WHERE project_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM project.projects p WHERE p.id = knowledge_base.project_id);
ALTER TABLE memory.knowledge_base ADD CONSTRAINT knowledge_base_project_id_fkey
    FOREIGN KEY (project_id) REFERENCES project.projects (id) ON DELETE SET NULL;
