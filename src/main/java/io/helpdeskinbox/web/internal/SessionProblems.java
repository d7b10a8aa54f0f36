package io.helpdeskinbox.web.internal;

import io.helpdeskinbox.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The problems of people signing in and of their console sessions. Ahead of {@code ProblemResponses},
 * whose handlers of the general cases (any failed authentication, any refusal by role) would
 * otherwise answer these too: an advice answers with its own closest handler, the first advice that
 * has one wins.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class SessionProblems {

    /**
     * A password sign-in refused: one answer whether the email is unknown or the password wrong, so
     * that it tells nobody which emails have accounts.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> signInFailed(BadCredentialsException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "sign-in-failed", "Sign-in failed",
                        "The email or the password is wrong."));
    }

    /** A change asked with a console session's cookie, without the CSRF token that proves the console sent it. */
    @ExceptionHandler
    ProblemDetail csrfTokenMissing(CsrfException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "csrf-token-missing", "CSRF token missing or wrong",
                "A change made with the console session's cookie needs the 'X-XSRF-TOKEN' header, set to the value "
                        + "of the 'XSRF-TOKEN' cookie. (Requests with an 'Authorization' header need none.)");
    }
}
