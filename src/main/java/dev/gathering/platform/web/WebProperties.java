package dev.gathering.platform.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param corsOrigins  browser origins allowed to call the API (GATHERING_CORS_ORIGINS, comma separated)
 * @param maxBodySize  largest JSON or form body accepted; multipart uploads have their own limit
 */
@ConfigurationProperties("gathering.web")
public record WebProperties(
        @DefaultValue({"http://localhost:3000", "http://localhost:5000", "http://localhost:5173", "http://127.0.0.1:5173"})
        List<String> corsOrigins,
        @DefaultValue("1MB") DataSize maxBodySize) {
}
