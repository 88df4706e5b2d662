package dev.gathering.platform.ui;

import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures of {@link UiController}s, as HTML with the status the API would give: a whole page for a navigation, a
 * toast for an htmx request ({@code HX-Retarget: #toasts}, which {@code app.js} lets htmx swap in). The statuses
 * are those of {@link ApiException}; unexpected failures are logged and shown as a 500 without details.
 */
@ControllerAdvice(annotations = UiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiErrors {

    private static final Logger log = LoggerFactory.getLogger(UiErrors.class);

    private final Pages pages;

    UiErrors(Pages pages) {
        this.pages = pages;
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView expected(ApiException e, HttpServletRequest request, HttpServletResponse response) {
        return render(e.status(), e.getMessage(), request, response);
    }

    @ExceptionHandler({BindException.class, MissingServletRequestParameterException.class,
            MethodArgumentTypeMismatchException.class, ConstraintViolationException.class,
            HandlerMethodValidationException.class})
    ModelAndView invalid(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String detail = switch (e) {
            case BindException bind -> bind.getFieldErrors().stream()
                    .map(error -> error.getField().replace('_', ' ') + " " + error.getDefaultMessage())
                    .reduce((a, b) -> a + "; " + b).orElse("The form is not valid");
            case MissingServletRequestParameterException missing -> missing.getParameterName() + " is required";
            case MethodArgumentTypeMismatchException mismatch -> mismatch.getName() + " is not valid";
            default -> "The form is not valid: " + e.getMessage();
        };
        return render(HttpStatus.UNPROCESSABLE_CONTENT, detail, request, response);
    }

    @ExceptionHandler(RuntimeException.class)
    ModelAndView unexpected(RuntimeException e, HttpServletRequest request, HttpServletResponse response) {
        log.error("Web UI request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        return render(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on the server; it has been logged.",
                request, response);
    }

    private ModelAndView render(HttpStatus status, String message, HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(status.value());
        if (request.getHeader("HX-Request") != null) {
            response.setHeader("HX-Retarget", "#toasts");
            response.setHeader("HX-Reswap", "beforeend");
            ModelAndView toast = new ModelAndView("platform/ui/toast");
            toast.addObject("message", message);
            toast.addObject("kind", status.is5xxServerError() ? "error" : "warning");
            return toast;
        }
        Object principal = SecurityContextHolder.getContext().getAuthentication() == null ? null
                : SecurityContextHolder.getContext().getAuthentication().getPrincipal();
        AuthenticatedUser user = principal instanceof AuthenticatedUser authenticated ? authenticated : null;
        ModelAndView page = new ModelAndView("platform/ui/error");
        page.setStatus(status);
        page.addObject("page", pages.of(request, user, status.value() + " · " + status.getReasonPhrase(), "ui.none"));
        page.addObject("status", status.value());
        page.addObject("message", message);
        return page;
    }
}
