package dev.gathering.mcp;

import java.io.IOException;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimitInterceptor;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.platform.web.Problems;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wires {@code /mcp}: the SDK's stateless servlet, registered here with async support (it is not a Spring MVC
 * handler), the MCP server over it with {@link GatheringMcpTools}, and a filter that applies the WRITE rate limit
 * after authentication (Spring Security guards {@code /mcp} like every non-public path). Tool handlers run on the
 * request's own virtual thread; the caller travels to them in the transport context.
 */
@Configuration(proxyBeanMethods = false)
class McpEndpoint {

    static final String PATH = "/mcp";
    static final String USER = "gathering.user";

    @Bean
    HttpServletStatelessServerTransport mcpTransport() {
        return HttpServletStatelessServerTransport.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .messageEndpoint(PATH)
                .maxRequestSize(1024 * 1024)
                .contextExtractor(request -> {
                    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
                    Object principal = authentication == null ? null : authentication.getPrincipal();
                    return principal instanceof AuthenticatedUser user
                            ? McpTransportContext.create(Map.of(USER, user)) : McpTransportContext.EMPTY;
                })
                .build();
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(HttpServletStatelessServerTransport transport, GatheringMcpTools tools,
                                     ObjectProvider<BuildProperties> build) {
        BuildProperties info = build.getIfAvailable();
        return McpServer.sync(transport)
                .serverInfo("gathering", info == null ? "dev" : info.getVersion())
                .instructions("GatheRing: a team of AI agents. List the agents, chat with one, give circles tasks,"
                        + " read task results, search the knowledge base and recall an agent's memories.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .immediateExecution(true)
                .tools(tools.specifications())
                .build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStatelessServerTransport> mcpServlet(HttpServletStatelessServerTransport transport) {
        ServletRegistrationBean<HttpServletStatelessServerTransport> registration = new ServletRegistrationBean<>(transport, PATH);
        registration.setName("mcp");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> mcpRateLimit(RateLimitInterceptor limits, Problems problems) {
        OncePerRequestFilter filter = new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                try {
                    limits.consume(request, response, Tier.WRITE, request.getMethod() + " " + PATH);
                } catch (ApiException refused) {
                    problems.write(request, response, refused.status(), refused.getMessage(), refused.properties(),
                            refused.headers());
                    return;
                }
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns(PATH);
        registration.setName("mcpRateLimit");
        // after Spring Security (-100): a request refused for its credentials costs nothing
        registration.setOrder(0);
        return registration;
    }
}
