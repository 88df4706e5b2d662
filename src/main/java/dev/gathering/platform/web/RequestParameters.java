package dev.gathering.platform.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks the parameters of a request (its query string and, for an urlencoded form, its body) before anything reads
 * them: invalid percent-encoding is a 400, and a NUL character in a name or value is a 422 naming the parameter
 * (PostgreSQL cannot store it). Without this, the container's decoding failure surfaces wherever a parameter is first
 * read, as a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public class RequestParameters extends OncePerRequestFilter {

    private final Problems problems;

    public RequestParameters(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getQueryString() == null && !isForm(request.getContentType())) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "The query string or form body is not valid: "
                    + "each '%' must start a valid percent-encoded UTF-8 byte (%XX)", Map.of(), HttpHeaders.EMPTY);
            return;
        }
        String location = isForm(request.getContentType()) ? "body" : "query";
        List<FieldProblem> nul = new ArrayList<>();
        parameters.forEach((name, values) -> {
            boolean bad = name.indexOf('\u0000') >= 0;
            for (String value : values) {
                bad |= value != null && value.indexOf('\u0000') >= 0;
            }
            if (bad) {
                nul.add(FieldProblem.value(List.of(location, name.replace('\u0000', '?')),
                        "must not contain the NUL character (%00)"));
            }
        });
        if (!nul.isEmpty()) {
            problems.write(request, response, Problems.validation(nul, request), HttpHeaders.EMPTY);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE);
    }
}
