package dev.gathering.workspace;

/**
 * Who does something in a workspace, for its activity feed: a user (a token subject), an agent, or both (an agent
 * working on a user's behalf).
 */
public record Actor(String userId, Long agentId) {

    public static Actor user(String userId) {
        return new Actor(userId, null);
    }

    public static Actor agent(long agentId, String onBehalfOf) {
        return new Actor(onBehalfOf, agentId);
    }
}
