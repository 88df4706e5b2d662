package dev.gathering.auth;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.gathering.platform.web.ClientAddresses;
import dev.gathering.platform.web.RequestIds;

/**
 * Writes security events ({@code audit.security_events}): every login attempt, registration and logout, with
 * the client address and request id. A failure to audit is logged and never fails the request it describes.
 */
@Component
class SecurityAudit {

    private static final Logger log = LoggerFactory.getLogger(SecurityAudit.class);

    enum Event {
        AUTH_SUCCESS("info"), AUTH_FAILURE("warning"), USER_REGISTERED("info"), REGISTRATION_REJECTED("warning"),
        LOGOUT("info"), USER_UPDATED("warning");

        final String severity;

        Event(String severity) {
            this.severity = severity;
        }
    }

    private final JdbcClient jdbc;
    private final ClientAddresses clients;
    private final JsonMapper json;

    SecurityAudit(JdbcClient jdbc, ClientAddresses clients, JsonMapper json) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.json = json;
    }

    void record(Event event, String userId, String message, Map<String, Object> details, HttpServletRequest request) {
        try {
            jdbc.sql("""
                    INSERT INTO audit.security_events (event_type, severity, user_id, ip_address, message, details, request_id)
                    VALUES (?, ?, ?, CAST(? AS inet), ?, CAST(? AS jsonb), ?)""")
                    .params(event.name().toLowerCase(), event.severity, userId, clients.of(request), message,
                            json.writeValueAsString(details), RequestIds.of(request))
                    .update();
        } catch (DataAccessException e) {
            log.warn("Could not audit {} for {}: {}", event, userId, e.getMostSpecificCause().getMessage());
        }
    }
}
