package dev.gathering.platform.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

import dev.gathering.platform.ratelimit.RateLimitProperties;

/**
 * The address of the client behind a request. {@code X-Forwarded-For} is believed only when the direct peer is
 * one of GATHERING_TRUSTED_PROXIES (addresses or CIDR ranges); then the right-most address that is not a trusted
 * proxy is the client. Entries that are not IP literals end the walk, so a forged header cannot inject garbage.
 */
@Component
public class ClientAddresses {

    private final List<IpAddressMatcher> trustedProxies;

    public ClientAddresses(RateLimitProperties properties) {
        this.trustedProxies = properties.trustedProxies().stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new).toList();
    }

    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        String client = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isIpLiteral(hop)) {
                break;
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return client;
    }

    /**
     * Whether the browser reached the server over HTTPS: directly, or through a trusted proxy that says so in
     * {@code X-Forwarded-Proto}.
     */
    public boolean isHttps(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        return proto != null && isTrusted(request.getRemoteAddr())
                && proto.split(",")[0].trim().equalsIgnoreCase("https");
    }

    private boolean isTrusted(String address) {
        if (!isIpLiteral(address)) {
            return false;
        }
        for (IpAddressMatcher matcher : trustedProxies) {
            if (matcher.matches(address)) {
                return true;
            }
        }
        return false;
    }

    static boolean isIpLiteral(String value) {
        if (value == null || value.isEmpty() || value.length() > 45) {
            return false;
        }
        try {
            java.net.InetAddress.ofLiteral(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
