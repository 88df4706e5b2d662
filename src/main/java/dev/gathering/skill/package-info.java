/**
 * Skills: named groups of tools an agent's model may call, each tool with a JSON Schema for its input.
 *
 * <ul>
 *   <li>{@link dev.gathering.skill.Skill} is what a feature implements to contribute tools (built-in skills live in
 *       {@code dev.gathering.skill.builtin}; features add their own, e.g. memory's {@code memory} and {@code knowledge},
 *       circle's {@code circle}, workspace's {@code filesystem} and {@code git}; plugins register {@code plugin:<id>} at run time).</li>
 *   <li>{@link dev.gathering.skill.SkillCatalog} holds them, with each tool's compiled schema, and keeps
 *       {@code agent.skills} in step.</li>
 *   <li>{@link dev.gathering.skill.AgentSkills} is the per-agent side: enablement, granted permissions and usage
 *       ({@code agent.agent_tools}, {@code agent.tool_permissions}).</li>
 *   <li>{@link dev.gathering.skill.ToolDispatcher} runs one call: known tool, enabled for the agent, permissions held,
 *       execution switch, schema validation, then the handler with a time limit; every call is counted and
 *       published as {@code agent.tool.executed}. It implements the chat's {@link dev.gathering.agent.AgentTools}.</li>
 *   <li>{@link dev.gathering.skill.ProjectFiles} is the port through which a built-in skill ({@code pdf}) reads a
 *       project's file; the workspace feature implements it with its path rules.</li>
 * </ul>
 */
package dev.gathering.skill;
