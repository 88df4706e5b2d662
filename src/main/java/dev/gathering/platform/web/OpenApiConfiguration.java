package dev.gathering.platform.web;

import dev.gathering.health.ServerInfo;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI gatheringOpenApi(ServerInfo server) {
        return new OpenAPI()
                .info(new Info().title("GatheRing API").version(server.version())
                        .description("Collaborative multi-agent AI server. Authenticate with POST /auth/login/json, "
                                + "then send Authorization: Bearer <access_token>."))
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
