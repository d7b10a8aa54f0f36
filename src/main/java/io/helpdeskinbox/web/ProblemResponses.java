package io.helpdeskinbox.web;

import io.helpdeskinbox.web.internal.DatabaseTrouble;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import io.helpdeskinbox.infrastructure.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every failure into an RFC 9457 problem response. A module's own refusals are
 * {@link Refusal}s that carry their problem's kind, type, title, detail and extension members, given
 * their status here; Spring MVC's and Spring Security's
 * exceptions (malformed JSON, wrong types, unknown routes, 401, 403) get a named type here, with
 * field errors where the caller can act on them.
 */
@RestControllerAdvice
@EnableConfigurationProperties(WebProperties.class)
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final String DATABASE_AWAY = "The database cannot serve this request right now";
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    private final Duration retryAfter;

    ProblemResponses(WebProperties properties) {
        this.retryAfter = properties.unavailableRetryAfter();
    }

    /** One entry of {@code errors}: which field, and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }

    /**
     * A module's refusal, said without HTTP (see {@link Refusal}): here, and only here, each kind
     * gets its status; a version mismatch also gives the current entity tag.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(Refusal refusal) {
        HttpStatus status = switch (refusal.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case VERSION_MISMATCH -> HttpStatus.PRECONDITION_FAILED;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
        };
        ProblemDetail problem = Problems.of(status, refusal.type(), refusal.title(), refusal.detail());
        refusal.members().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (refusal.kind() == Refusal.Kind.VERSION_MISMATCH && refusal.members().get("currentVersion") instanceof Long version) {
            response.eTag("W/\"" + version + "\"");
        }
        return response.body(problem);
    }

    /** No token, or one that is malformed, unknown, revoked or of a deactivated agent: all look alike. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e) {
        if (DatabaseTrouble.isCauseOf(e)) {
            return unavailable(e, DATABASE_AWAY); // the token could not be checked: not the caller's fault
        }
        if (e instanceof AuthenticationServiceException) {
            return unavailable(e, "The identity provider that issued this token cannot be reached right now");
        }
        boolean tokenPresented = e instanceof OAuth2AuthenticationException;
        ProblemDetail problem = Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                tokenPresented ? "The bearer token is not valid: it is malformed, unknown or revoked."
                        : "This request needs an 'Authorization: Bearer <token>' header, or a console session's cookie.");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, tokenPresented ? "Bearer error=\"invalid_token\"" : "Bearer")
                .body(problem);
    }

    /**
     * Decided before anything is looked up, so a refusal says nothing about what exists. A refusal
     * a feature makes itself, with a reason to give, is a problem of its own (a {@link Refusal}).
     */
    @ExceptionHandler
    ProblemDetail forbidden(AccessDeniedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Your role may not do this.");
    }

    @ExceptionHandler
    ProblemDetail rejectedUrl(RequestRejectedException e) {
        return invalid("The request URL has characters no route accepts, such as an encoded slash, a semicolon "
                + "or a control character.", List.of());
    }

    /**
     * The last resort: never a stack trace or an internal message in the response. A database that
     * cannot serve now is a 503 to retry, not a 500.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseTrouble.isCauseOf(e)) {
            return unavailable(e, DATABASE_AWAY);
        }
        log.error("Unexpected failure", e);
        return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error", "Internal error", "The server failed to handle the request; it has been logged."));
    }

    private ResponseEntity<ProblemDetail> unavailable(Exception e, String what) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        log.warn("{}: {}: {}", what, cause.getClass().getSimpleName(), cause.getMessage());
        log.debug(what, e);
        long seconds = Math.max(1, retryAfter.toSeconds());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                        what + ". Retry after " + seconds
                                + " s (a create with the same Idempotency-Key is never made twice)."));
    }

    /**
     * Spring MVC's own refusals (unknown route 404, 405, 406, 415, ...) get a named type too, so
     * every problem carries the members the contract lists.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(URI.create(Problems.TYPE_BASE + slug(status)));
        }
        return response;
    }

    private static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "http-" + status.value() : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage()))
                .toList();
        return ResponseEntity.badRequest().body(invalid("The request has invalid fields.", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(fieldName(result.getMethodParameter().getParameterName(), error),
                                error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(invalid("The request has invalid parameters.", errors));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = e.getPropertyName() == null ? "parameter" : e.getPropertyName();
        String expected = e.getRequiredType() == null ? "a valid value" : describe(e.getRequiredType());
        return ResponseEntity.badRequest().body(invalid("A parameter has the wrong type.",
                List.of(new FieldProblem(name, "must be " + expected))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.RequestBodyTooLargeException tooLarge) {
                // a body without a Content-Length, cut off at the limit while it was read
                return ResponseEntity.status(tooLarge.getStatusCode()).body(tooLarge.getBody());
            }
        }
        List<FieldProblem> errors = List.of();
        String detail = "The request body is not valid JSON.";
        if (e.getCause() instanceof StreamConstraintsException) {
            // e.g. arrays nested thousands deep: refused at the parser's limit, before any is built
            detail = "The request body nests deeper, or has a number or text longer, than this API accepts.";
        } else if (e.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            String field = jsonPath(databind);
            detail = "The request body has a field of the wrong type or with an unknown value.";
            errors = List.of(new FieldProblem(field, "has the wrong type or an unknown value"));
        } else if (e.getCause() instanceof DatabindException) {
            detail = "The request body must be a JSON object of the documented shape.";
        } else if (e.getCause() == null) {
            detail = "The request body is missing or unreadable.";
        }
        return ResponseEntity.badRequest().body(invalid(detail, errors));
    }

    private static String jsonPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        e.getPath().forEach(reference -> {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        });
        return path.toString();
    }

    private static String fieldName(String parameter, MessageSourceResolvable error) {
        return error instanceof FieldError fieldError ? fieldError.getField() : parameter;
    }

    private static String describe(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        return "a valid value";
    }

    /** A 400 whose {@code errors} name the fields to fix. */
    static ProblemDetail invalid(String detail, List<FieldProblem> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
