package dev.gathering.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gathering.platform.db.ConnectionSourceDecorator;
import dev.gathering.platform.web.RequestIds;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Counts the SQL statements each HTTP request runs (keyed by its X-Request-ID), through datasource-proxy around
 * the pool's connection source. Tests send a request id of their own and read the count back.
 */
@Component
public class StatementCounter implements ConnectionSourceDecorator {

    private final Map<String, AtomicInteger> byRequest = new ConcurrentHashMap<>();

    @Override
    public javax.sql.DataSource decorate(javax.sql.DataSource connections) {
        return ProxyDataSourceBuilder.create(connections)
                .name("statement-counter")
                .afterQuery((execution, queries) -> {
                    String requestId = MDC.get(RequestIds.MDC_KEY);
                    if (requestId != null) {
                        byRequest.computeIfAbsent(requestId, id -> new AtomicInteger()).addAndGet(queries.size());
                    }
                })
                .build();
    }

    public int statements(String requestId) {
        AtomicInteger count = byRequest.get(requestId);
        return count == null ? 0 : count.get();
    }

    /** Sends a GET with a fresh request id and returns how many statements the server ran for it. */
    public int countGet(Api api, String path) {
        String requestId = "count-" + java.util.UUID.randomUUID();
        Api.Response response = api.send(api.request(path).header("X-Request-ID", requestId).GET());
        if (response.status() != 200) {
            throw new AssertionError("GET " + path + " answered " + response);
        }
        return statements(requestId);
    }
}
