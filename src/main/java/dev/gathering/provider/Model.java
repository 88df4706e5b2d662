package dev.gathering.provider;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A row of {@code agent.models} with its provider's name. Prices are USD per million tokens. */
public record Model(long id, long providerId, String providerName, String modelName, String modelAlias,
                    BigDecimal pricingIn, BigDecimal pricingOut, BigDecimal pricingCacheRead,
                    BigDecimal pricingCacheWrite, boolean extendedThinking, boolean vision, boolean functionCalling,
                    boolean streaming, Integer contextWindow, Integer maxOutput, LocalDate releaseDate,
                    boolean isDeprecated, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
}
