package dev.gathering.platform.http;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param allowedHosts    host names, IP addresses or CIDR ranges that may be reached although they are loopback,
 *                        private, link-local or otherwise internal (e.g. {@code 127.0.0.1,localhost,10.1.0.0/16})
 * @param timeout         default bound on a whole request, redirects and body included
 * @param connectTimeout  bound on opening one connection
 * @param maxResponseSize default bound on a response body; a larger one fails the request
 * @param maxRedirects    default number of redirects followed
 * @param userAgent       the User-Agent sent unless the caller sets one
 */
@ConfigurationProperties("gathering.http")
public record HttpProperties(
        @DefaultValue("") List<String> allowedHosts,
        @DefaultValue("30s") Duration timeout,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("10MB") DataSize maxResponseSize,
        @DefaultValue("5") int maxRedirects,
        @DefaultValue("GatheRing") String userAgent) {
}
