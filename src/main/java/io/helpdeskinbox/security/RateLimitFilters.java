package io.helpdeskinbox.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/** The two places in the security chain where {@link RateLimits} apply. */
final class RateLimitFilters {

    private RateLimitFilters() {
    }

    /**
     * Around authentication: an address whose credentials were refused too often gets 429 before its
     * next token is even looked at, and each refusal (a 401 to a request that carried credentials)
     * counts against it. The public health probes ignore tokens, so they never count.
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
            boolean credentials = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
            if (credentials) {
                try {
                    limits.checkAddress(request.getRemoteAddr());
                } catch (RateLimits.TooManyRequestsException e) {
                    problems.resolveException(request, response, null, e);
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
                HttpHeaders headers = new HttpHeaders();
                try {
                    limits.takeForCaller(caller.getName(), headers);
                } catch (RateLimits.TooManyRequestsException e) {
                    problems.resolveException(request, response, null, e);
                    return;
                }
                headers.forEach((name, values) -> response.setHeader(name, values.get(0)));
            }
            chain.doFilter(request, response);
        }
    }
}
