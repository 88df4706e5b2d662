package dev.gathering.agent;

import java.util.Optional;

/**
 * What chat asks of the projects feature (which implements it): the text of the "## Project Context" section of an
 * agent's prompt, describing the projects its circles are linked to. Without an implementation, or when the agent's
 * circles have no project, the section is left out.
 */
public interface AgentProjectContext {

    /** The context of the agent's projects, ready for the prompt (without the heading), or empty. */
    Optional<String> forAgent(long agentId);
}
