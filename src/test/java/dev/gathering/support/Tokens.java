package dev.gathering.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gathering.platform.security.ServerSecret;

/** Tokens a test cannot get from the login routes: signed with the server's secret, already expired. */
public final class Tokens {

    private Tokens() {
    }

    public static String expiredAdmin(ServerSecret secret) {
        Instant issued = Instant.now().minus(Duration.ofHours(25));
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("admin").claim("email", IntegrationTest.ADMIN_EMAIL)
                .claim("role", "admin").issueTime(Date.from(issued)).jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(issued.plus(Duration.ofHours(24)))).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.bytes()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
