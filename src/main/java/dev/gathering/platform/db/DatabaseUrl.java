package dev.gathering.platform.db;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location given either as {@code postgresql://user:pass@host:port/db} (the upstream form, also
 * {@code postgres://}) or as a JDBC URL. Credentials inside a JDBC URL's query string are left to the driver.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    public static DatabaseUrl parse(String raw) {
        String value = raw == null ? "" : raw.trim();
        if (value.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(value, null, null);
        }
        if (!value.startsWith("postgresql://") && !value.startsWith("postgres://")) {
            throw new DatabaseUnavailableException("invalid database URL '" + redact(value)
                    + "': expected postgresql://user:password@host:port/database or jdbc:postgresql://host:port/database");
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null) {
                throw new DatabaseUnavailableException("invalid database URL '" + redact(value) + "': no host");
            }
            String database = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/" + database
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new DatabaseUrl(jdbc, user, password);
        } catch (URISyntaxException e) {
            throw new DatabaseUnavailableException("invalid database URL '" + redact(value) + "': " + e.getReason());
        }
    }

    /** Where this points, without credentials: safe for logs and error messages. */
    public String describe() {
        String withoutPrefix = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        int query = withoutPrefix.indexOf('?');
        return query < 0 ? withoutPrefix : withoutPrefix.substring(0, query);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    private static String redact(String value) {
        return value.replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
    }
}
