package dev.gathering.platform.web;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.NoHandlerFoundException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one error mapper of the API. Every failure leaves as problem+json with a human {@code detail}; validation
 * failures are 422 with an {@code errors} list ({@code loc}, {@code msg}, {@code type}, as upstream clients
 * expect); anything unexpected is a 500 whose body names the request id and whose stack trace goes to the log only.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> handleApi(ApiException error, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(error.status(), error.getMessage(), request);
        error.properties().forEach(problem::setProperty);
        if (error.status().is5xxServerError()) {
            log.warn("{} {} -> {}: {}", request.getMethod(), request.getRequestURI(), error.status().value(), error.getMessage());
        }
        return ResponseEntity.status(error.status()).headers(error.headers()).body(problem);
    }

    /** Parameters (query, form, multipart fields, path) holding a NUL character are refused like JSON strings. */
    static final String NUL_IN_PARAMETER = "must not contain the NUL character (%00)";

    @org.springframework.web.bind.annotation.InitBinder
    void refuseNulCharacters(org.springframework.web.bind.WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new java.beans.PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                if (text != null && (text.indexOf('\u0000') >= 0 || !StrictJson.wellFormed(text))) {
                    throw new IllegalArgumentException(NUL_IN_PARAMETER);
                }
                setValue(text);
            }
        });
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> handleTypeMismatch(MethodArgumentTypeMismatchException error, HttpServletRequest request) {
        String expected = error.getRequiredType() == null ? "another type" : describeType(error.getRequiredType());
        boolean nul = error.getMostSpecificCause() != null
                && NUL_IN_PARAMETER.equals(error.getMostSpecificCause().getMessage());
        String message = nul ? NUL_IN_PARAMETER : "must be " + expected;
        return validationFailure(request, List.of(FieldProblem.type(List.of((error.getParameter()
                .hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class) ? "path" : "query"),
                error.getName()), message)));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> handleConstraintViolation(ConstraintViolationException error, HttpServletRequest request) {
        List<FieldProblem> problems = error.getConstraintViolations().stream()
                .map(violation -> new FieldProblem(List.of("query", lastNode(violation.getPropertyPath().toString())),
                        violation.getMessage(), "value_error"))
                .toList();
        return validationFailure(request, problems);
    }

    /** A multipart body that cannot be parsed (no boundary, truncated); too large ones are 413 (see the parent). */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> handleMultipart(MultipartException error, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "Multipart body cannot be read: it lacks a boundary or is truncated", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> handleUnexpected(Exception error, HttpServletRequest request) {
        String requestId = RequestIds.of(request);
        log.error("Unhandled error on {} {} (request {})", request.getMethod(), request.getRequestURI(), requestId, error);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal server error; quote request id " + requestId + " when reporting it", request);
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException error, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        error.getBindingResult().getFieldErrors().forEach(field -> problems.add(new FieldProblem(
                List.of("body", snakeCase(field.getField())), field.getDefaultMessage(), kind(field))));
        error.getBindingResult().getGlobalErrors().forEach(global -> problems.add(new FieldProblem(
                List.of("body"), global.getDefaultMessage(), "value_error")));
        return widen(validationFailure(servletRequest(request), problems));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException error,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        error.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable resolvable : result.getResolvableErrors()) {
                String field = resolvable instanceof FieldError fieldError ? snakeCase(fieldError.getField()) : name;
                problems.add(new FieldProblem(List.of((result.getMethodParameter()
                        .hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class) ? "body" : "query"),
                        field), resolvable.getDefaultMessage(), "value_error"));
            }
        });
        return widen(validationFailure(servletRequest(request), problems));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException error,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return widen(validationFailure(servletRequest(request), List.of(new FieldProblem(
                List.of("query", error.getParameterName()), "Field required", "missing"))));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(MissingServletRequestPartException error,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        return widen(validationFailure(servletRequest(request), List.of(new FieldProblem(
                List.of("body", error.getRequestPartName()), "Field required", "missing"))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException error, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = servletRequest(request);
        if (BodySizeLimit.causedByOversizedBody(error)) {
            return widen(problem(HttpStatus.CONTENT_TOO_LARGE, BodySizeLimit.tooLargeDetail(servletRequest), servletRequest));
        }
        Throwable cause = error.getMostSpecificCause();
        if (cause instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            List<String> location = new ArrayList<>();
            location.add("body");
            mismatch.getPath().forEach(reference -> location.add(reference.getPropertyName() != null
                    ? reference.getPropertyName() : String.valueOf(reference.getIndex())));
            String message = mismatch instanceof StrictJson.InvalidValue invalid ? invalid.getOriginalMessage()
                    : "must be " + (mismatch.getTargetType() == null ? "of another type" : describeType(mismatch.getTargetType()));
            return widen(validationFailure(servletRequest, List.of(FieldProblem.type(location, message))));
        }
        return widen(problem(HttpStatus.BAD_REQUEST, unreadableBody(cause), servletRequest));
    }

    /** Why a body could not be read, in the request's terms (never a Jackson message: those name Java classes). */
    private static String unreadableBody(Throwable cause) {
        if (cause instanceof MismatchedInputException mismatch) {
            if (mismatch.getCurrentToken() == null) {
                return "Request body is missing: send a JSON document";
            }
            Class<?> target = mismatch.getTargetType();
            if (target != null && (java.util.Collection.class.isAssignableFrom(target) || target.isArray())) {
                return "Request body must be a JSON array";
            }
            if (target != null && (target.isRecord() || java.util.Map.class.isAssignableFrom(target))) {
                return "Request body must be a JSON object";
            }
            return "Request body must be " + (target == null ? "a JSON document of another shape" : describeType(target));
        }
        if (cause instanceof tools.jackson.core.exc.StreamConstraintsException) {
            return "Request body is not valid JSON: it exceeds the limits on nesting depth or on the length of a number, "
                    + "a name or a string";
        }
        if (cause instanceof tools.jackson.core.exc.InputCoercionException) {
            return "Request body holds a number out of range for its field";
        }
        if (cause instanceof tools.jackson.core.exc.StreamReadException read) {
            var location = read.getLocation();
            return location == null || location.getLineNr() < 1 ? "Request body is not valid JSON"
                    : "Request body is not valid JSON (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        }
        return "Request body is missing or is not valid JSON";
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException error,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        String detail = "Content type '" + (error.getContentType() == null ? "none" : error.getContentType())
                + "' is not supported here; use " + error.getSupportedMediaTypes();
        ResponseEntity<ProblemDetail> response = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail, servletRequest(request));
        return ResponseEntity.status(response.getStatusCode()).headers(headers).body(response.getBody());
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException error,
                                                                         HttpHeaders headers, HttpStatusCode status,
                                                                         WebRequest request) {
        HttpServletRequest servletRequest = servletRequest(request);
        String detail = "Method " + error.getMethod() + " is not allowed on " + servletRequest.getRequestURI()
                + (error.getSupportedHttpMethods() == null ? "" : "; allowed: " + error.getSupportedHttpMethods());
        ProblemDetail problem = Problems.of(HttpStatus.METHOD_NOT_ALLOWED, detail, servletRequest);
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException error, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return widen(notFound(servletRequest(request)));
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException error, HttpHeaders headers,
                                                                   HttpStatusCode status, WebRequest request) {
        return widen(notFound(servletRequest(request)));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException error,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        String limit = error.getMaxUploadSize() > 0 ? " (limit " + error.getMaxUploadSize() + " bytes)" : "";
        return widen(problem(HttpStatus.CONTENT_TOO_LARGE, "Uploaded file is too large" + limit, servletRequest(request)));
    }

    /** Every other Spring MVC failure keeps its status but gets our body (request id, instance). */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception error, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = servletRequest(request);
        String detail = body instanceof ProblemDetail existing && existing.getDetail() != null
                ? existing.getDetail() : HttpStatus.valueOf(status.value()).getReasonPhrase();
        if (status.is5xxServerError()) {
            log.error("Request {} {} failed", servletRequest.getMethod(), servletRequest.getRequestURI(), error);
        }
        return ResponseEntity.status(status).headers(headers).body(Problems.of(status, detail, servletRequest));
    }

    private static ResponseEntity<ProblemDetail> validationFailure(HttpServletRequest request, List<FieldProblem> problems) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).body(Problems.validation(problems, request));
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest request) {
        return ResponseEntity.status(status).body(Problems.of(status, detail, request));
    }

    private static ResponseEntity<ProblemDetail> notFound(HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "No route for " + request.getMethod() + " " + request.getRequestURI(), request);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> widen(ResponseEntity<ProblemDetail> response) {
        return (ResponseEntity) response;
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
    }

    private static String kind(FieldError field) {
        String code = field.getCode() == null ? "" : field.getCode();
        return switch (code) {
            case "NotNull", "NotBlank", "NotEmpty" -> "missing";
            case "typeMismatch" -> "type_error";
            default -> "value_error";
        };
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return snakeCase(dot < 0 ? path : path.substring(dot + 1));
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String describeType(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .map(String::toLowerCase).toList();
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == java.math.BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == java.time.LocalDate.class) {
            return "a date (YYYY-MM-DD)";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a date-time (ISO 8601)";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

}
