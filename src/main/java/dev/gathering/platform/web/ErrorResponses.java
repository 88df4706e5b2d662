package dev.gathering.platform.web;

import java.io.IOException;
import java.util.Map;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}): failures that never reached a handler (a method the container refuses,
 * such as TRACE; a body that cannot be read; an exception thrown by a filter) end here, and leave as problem+json like
 * every other error, instead of Spring Boot's default JSON. A response already under way (an event stream) is left
 * alone. Errors raised before the servlet (a malformed URL or header) are written by {@link ProblemErrorReportValve}.
 */
@Hidden
@RestController
class ErrorResponses implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final Problems problems;

    ErrorResponses(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    @RateLimited(Tier.HEALTH)
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? request.getRequestURI() : uri.toString();
        if (code == null) {
            // asked for directly: there is no such page
            problems.write(request, response, HttpStatus.NOT_FOUND, "No route for " + request.getMethod() + " " + path,
                    Map.of(), HttpHeaders.EMPTY);
            return;
        }
        HttpStatus status = HttpStatus.resolve((Integer) code);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        String requestId = RequestIds.of(request);
        if (status.is5xxServerError()) {
            log.error("Request {} {} failed (request {})", request.getMethod(), path, requestId,
                    exception instanceof Throwable throwable ? throwable : null);
        }
        response.reset();
        problems.write(request, response, status, detail(status, request.getMethod(), path, requestId), Map.of(),
                HttpHeaders.EMPTY);
    }

    static String detail(HttpStatus status, String method, String path, String requestId) {
        return switch (status) {
            case BAD_REQUEST -> "The request cannot be read: its URL, headers or body are malformed";
            case NOT_FOUND -> "No route for " + method + " " + path;
            case METHOD_NOT_ALLOWED -> "Method " + method + " is not allowed on " + path;
            case CONTENT_TOO_LARGE -> "Request body is too large";
            case URI_TOO_LONG -> "The request URL is too long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "The request headers are too large";
            case INTERNAL_SERVER_ERROR -> "Internal server error; quote request id " + requestId + " when reporting it";
            default -> status.getReasonPhrase();
        };
    }
}
