package dev.gathering.platform.web;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds every error body of the API: RFC 9457 problem+json with a human {@code detail}, the request path as
 * {@code instance} and the {@code request_id}. Controllers reach it through {@link ApiExceptionHandler}; filters,
 * which run outside Spring MVC, write through {@link #write}.
 */
@Component
public class Problems {

    private final JsonMapper json;

    public Problems(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail of(HttpStatusCode status, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (request != null) {
            problem.setInstance(URI.create(safePath(request)));
            String requestId = RequestIds.of(request);
            if (requestId != null) {
                problem.setProperty("request_id", requestId);
            }
        }
        return problem;
    }

    /** A 422 listing what is wrong with each field ({@code errors}), summed up in {@code detail}. */
    public static ProblemDetail validation(java.util.List<FieldProblem> problems, HttpServletRequest request) {
        String summary = problems.stream().map(problem -> problem.field() + ": " + problem.msg())
                .reduce((a, b) -> a + "; " + b).orElse("invalid request");
        ProblemDetail problem = of(org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT, "Validation failed: " + summary,
                request);
        problem.setProperty("errors", problems);
        return problem;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
                      HttpHeaders headers) throws IOException {
        response.setStatus(problem.getStatus());
        headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatusCode status, String detail,
                      Map<String, Object> properties, HttpHeaders headers) throws IOException {
        ProblemDetail problem = of(status, detail, request);
        properties.forEach(problem::setProperty);
        write(request, response, problem, headers);
    }

    private static String safePath(HttpServletRequest request) {
        String path = request.getRequestURI();
        try {
            return URI.create(path).getRawPath();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
