package dev.gathering.health;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The server's version and uptime, and the one "ready" line printed once it accepts traffic. */
@Component
public class ServerInfo {

    private static final Logger log = LoggerFactory.getLogger(ServerInfo.class);

    private final String version;

    ServerInfo(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        this.version = properties != null ? properties.getVersion() : "dev";
    }

    public String version() {
        return version;
    }

    public Duration uptime() {
        return Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
    }

    @EventListener
    void announce(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            int port = web.getWebServer().getPort();
            log.info("GatheRing {} ready at http://localhost:{} (API docs: http://localhost:{}/docs) in {} ms",
                    version, port, port, event.getTimeTaken() == null ? uptime().toMillis() : event.getTimeTaken().toMillis());
        }
    }
}
