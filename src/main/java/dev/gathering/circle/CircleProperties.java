package dev.gathering.circle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workerEnabled whether this instance's agents work circle tasks (several instances may share the work)
 * @param pollInterval  how often the worker looks for work when no event woke it
 * @param lease         how long one step (work or review) is reserved for the worker running it; renewed while it runs
 * @param retryDelay    pause before retrying a step whose agent was busy or whose provider was overloaded
 * @param stopTimeout   how long stopping a circle (or the server) waits for running steps before cancelling them
 */
@ConfigurationProperties("gathering.circles")
public record CircleProperties(
        @DefaultValue("true") boolean workerEnabled,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("5s") Duration retryDelay,
        @DefaultValue("30s") Duration stopTimeout) {
}
