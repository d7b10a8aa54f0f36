package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.InboxPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.helpdeskinbox.web.Problems;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** The two places in the security chain where {@link RateLimits} apply. */
final class RateLimitFilters {

    private static final String POLICY = "RateLimit-Policy";
    private static final String REMAINING = "RateLimit";

    private RateLimitFilters() {
    }

    /** 429, with Retry-After and the RateLimit headers. */
    static final class TooManyRequestsException extends ErrorResponseException {

        TooManyRequestsException(RateLimits.Verdict refused) {
            super(HttpStatus.TOO_MANY_REQUESTS, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                    "Too many requests", refused.refusal()), null);
            getHeaders().set(POLICY, refused.policy());
            getHeaders().set(REMAINING, refused.remaining());
            getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(refused.retryAfterSeconds()));
        }
    }

    /**
     * Around authentication: an address whose credentials were refused too often gets 429 before its
     * next token is even looked at, and each refusal (a 401 to a request that carried credentials)
     * counts against it; a password sign-in refused (401) too. The public health probes ignore tokens,
     * so they never count.
     */
    static final class FailedAuthentications extends OncePerRequestFilter {

        private final RateLimits limits;
        private final HandlerExceptionResolver problems;

        FailedAuthentications(RateLimits limits, HandlerExceptionResolver problems) {
            this.limits = limits;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            // a token in the header, or an email and password in the body
            boolean credentials = request.getHeader(HttpHeaders.AUTHORIZATION) != null
                    || SecurityConfiguration.SIGN_IN.matches(request);
            if (credentials) {
                RateLimits.Verdict refused = limits.checkAddress(request.getRemoteAddr());
                if (refused != null) {
                    problems.resolveException(request, response, null, new TooManyRequestsException(refused));
                    return;
                }
            }
            chain.doFilter(request, response);
            if (credentials && response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
                limits.failedAuthentication(request.getRemoteAddr());
            }
        }
    }

    /** After authentication: each request of a known caller takes one from its bucket. */
    static final class PerCaller extends OncePerRequestFilter {

        private final RateLimits limits;
        private final HandlerExceptionResolver problems;

        PerCaller(RateLimits limits, HandlerExceptionResolver problems) {
            this.limits = limits;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof InboxPrincipal caller) {
                RateLimits.Verdict verdict = limits.takeForCaller(caller.getName());
                if (verdict != null && verdict.refused()) {
                    problems.resolveException(request, response, null, new TooManyRequestsException(verdict));
                    return;
                }
                if (verdict != null) { // null: the buckets could not be reached, and the request goes on unlimited
                    response.setHeader(POLICY, verdict.policy());
                    response.setHeader(REMAINING, verdict.remaining());
                }
            }
            chain.doFilter(request, response);
        }
    }
}
