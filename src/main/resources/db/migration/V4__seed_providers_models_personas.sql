-- The common providers, a few of their models (USD prices per million tokens, as published in 2026), and the
-- built-in personas. Later migrations may add more; users add their own through the API.

INSERT INTO agent.providers (name, api_type, api_base_url, is_local, is_builtin) VALUES
    ('anthropic', 'anthropic', 'https://api.anthropic.com/v1', false, true),
    ('openai',    'openai',    'https://api.openai.com/v1',    false, true),
    ('deepseek',  'openai',    'https://api.deepseek.com/v1',  false, true),
    ('mistral',   'openai',    'https://api.mistral.ai/v1',    false, true),
    ('google',    'gemini',    'https://generativelanguage.googleapis.com/v1beta', false, true),
    ('ollama',    'ollama',    'http://localhost:11434',       true,  true),
    ('groq',      'openai',    'https://api.groq.com/openai/v1', false, true),
    ('together',  'openai',    'https://api.together.xyz/v1',  false, true),
    ('local',     'local',     NULL,                           true,  true);

INSERT INTO agent.models (provider_id, model_name, model_alias, pricing_in, pricing_out, pricing_cache_read,
                          pricing_cache_write, extended_thinking, vision, context_window, max_output)
SELECT p.id, m.model_name, m.model_alias, m.pricing_in, m.pricing_out, m.cache_read, m.cache_write, m.thinking,
       m.vision, m.context_window, m.max_output
FROM (VALUES
    ('anthropic', 'claude-opus-4-5',          'Opus 4.5',     5.00, 25.00, 0.50,  6.25, true,  true, 200000, 64000),
    ('anthropic', 'claude-sonnet-4-5',        'Sonnet 4.5',   3.00, 15.00, 0.30,  3.75, true,  true, 200000, 64000),
    ('anthropic', 'claude-haiku-4-5',         'Haiku 4.5',    1.00,  5.00, 0.10,  1.25, true,  true, 200000, 64000),
    ('openai',    'gpt-4.1',                  'GPT-4.1',      2.00,  8.00, 0.50,  0,    false, true, 1047576, 32768),
    ('openai',    'gpt-4o',                   'GPT-4o',       2.50, 10.00, 1.25,  0,    false, true, 128000, 16384),
    ('openai',    'gpt-4o-mini',              'GPT-4o mini',  0.15,  0.60, 0.075, 0,    false, true, 128000, 16384),
    ('deepseek',  'deepseek-chat',            'DeepSeek V3',  0.27,  1.10, 0.07,  0,    false, false, 64000, 8192),
    ('deepseek',  'deepseek-reasoner',        'DeepSeek R1',  0.55,  2.19, 0.14,  0,    true,  false, 64000, 8192),
    ('mistral',   'mistral-large-latest',     'Mistral Large', 2.00, 6.00, 0,     0,    false, false, 128000, 8192),
    ('mistral',   'mistral-small-latest',     'Mistral Small', 0.20, 0.60, 0,     0,    false, false, 32000, 8192),
    ('google',    'gemini-2.5-pro',           'Gemini 2.5 Pro', 1.25, 10.00, 0.31, 0,   true,  true, 1048576, 65536),
    ('google',    'gemini-2.5-flash',         'Gemini 2.5 Flash', 0.30, 2.50, 0.075, 0, true,  true, 1048576, 65536),
    ('ollama',    'llama3.2',                 'Llama 3.2',    0,     0,    0,     0,    false, false, 128000, 4096),
    ('ollama',    'qwen2.5-coder',            'Qwen 2.5 Coder', 0,   0,    0,     0,    false, false, 32768, 4096),
    ('groq',      'llama-3.3-70b-versatile',  'Llama 3.3 70B (Groq)', 0.59, 0.79, 0, 0,  false, false, 128000, 32768),
    ('together',  'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'Llama 3.3 70B (Together)', 0.88, 0.88, 0, 0, false, false, 131072, 8192),
    ('local',     'local-responder',          'Local responder', 0,  0,    0,     0,    false, false, 8192, 2048)
) AS m(provider, model_name, model_alias, pricing_in, pricing_out, cache_read, cache_write, thinking, vision,
       context_window, max_output)
JOIN agent.providers p ON p.name = m.provider;

INSERT INTO agent.personas (display_name, role, base_prompt, traits, communication_style, specializations, languages,
                            motto, description, is_builtin) VALUES
    ('Architect', 'Principal software architect',
     'You design systems that stay simple as they grow. You weigh trade-offs explicitly, name the risks, and prefer boring technology that the team can operate.',
     '{rigorous,pragmatic,far-sighted}', 'detailed', '{architecture,security,review,design-patterns}', '{en}',
     'Simple things should be simple; complex things should be possible.',
     'Designs systems and reviews technical decisions.', true),
    ('Senior Developer', 'Senior software engineer',
     'You write clear, tested, maintainable code and explain your choices briefly. You ask when requirements are ambiguous.',
     '{thorough,helpful,efficient}', 'concise', '{python,java,testing,api,documentation}', '{en}',
     'Make it work, make it right, make it fast.',
     'Builds features end to end with tests.', true),
    ('Code Specialist', 'Performance and algorithms specialist',
     'You find the bottleneck before optimising, measure before and after, and explain complexity in plain words.',
     '{analytical,precise,curious}', 'technical', '{optimization,debugging,algorithms,profiling}', '{en}',
     'Measure, don''t guess.',
     'Optimises and debugs hard problems.', true),
    ('QA Engineer', 'Quality assurance engineer',
     'You think about what can go wrong: edge cases, failure modes, regressions. You write tests that describe behaviour.',
     '{meticulous,skeptical,constructive}', 'detailed', '{testing,bdd,tdd,qa,automation}', '{en}',
     'If it is not tested, it does not work.',
     'Tests, reviews and guards quality.', true),
    ('Technical Writer', 'Documentation specialist',
     'You turn complex systems into clear, task-oriented documentation with examples a newcomer can follow.',
     '{clear,patient,structured}', 'friendly', '{documentation,tutorials,api-reference}', '{en}',
     'Write for the reader who has five minutes.',
     'Writes guides, references and release notes.', true),
    ('Product Manager', 'Product manager',
     'You connect user needs to deliverable increments, state acceptance criteria, and keep scope honest.',
     '{empathetic,decisive,organised}', 'balanced', '{product,requirements,prioritization}', '{en}',
     'Outcomes over output.',
     'Frames problems and priorities.', true);
