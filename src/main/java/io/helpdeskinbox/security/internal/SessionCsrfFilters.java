package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.ConsoleSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Which requests a forged page could send with the console session's cookie, and so need the CSRF
 * token: a change (not GET, HEAD, OPTIONS, TRACE) to the API, authenticated by the session (no
 * {@code Authorization} header), other than signing in and accepting an invitation (no session to
 * ride on yet; their body is the credential).
 */
final class SessionCsrfFilters {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private SessionCsrfFilters() {
    }

    static boolean needCsrfToken(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod())
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && !SecurityConfiguration.SIGN_IN.matches(request)
                && ConsoleSessions.tokenOf(request) != null;
    }

    /**
     * Gives a console session's browser the {@code XSRF-TOKEN} cookie when it lacks one (the token is
     * otherwise made only when a change is checked, too late for the script that must send it).
     */
    static final class CsrfCookie extends OncePerRequestFilter {

        private static final String COOKIE = "XSRF-TOKEN";

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getHeader(HttpHeaders.AUTHORIZATION) == null && !hasCookie(request)
                    && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken deferred
                    && ConsoleSessions.tokenOf(request) != null) {
                deferred.getToken(); // makes the token, and the repository writes its cookie
            }
            chain.doFilter(request, response);
        }

        private static boolean hasCookie(HttpServletRequest request) {
            Cookie[] cookies = request.getCookies();
            return cookies != null && Arrays.stream(cookies).anyMatch(cookie -> COOKIE.equals(cookie.getName()));
        }
    }
}
