package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.ConsoleSessions;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.TokenService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthentication;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Authenticates an API request by the token its console session holds, when it has no
 * {@code Authorization} header: checked against the database on every request, as a header's token
 * is. A session whose token no longer works (signed out elsewhere, a password change, the agent
 * deactivated) is ended here, and the request goes on as a stranger's (401 where the API needs a
 * caller). A token that cannot be checked now (the database away) is a 503, as for a header's.
 *
 * <p>Not the bearer filter's resolver: Spring Security exempts from the CSRF check every request
 * that resolver finds a token in, and a session's changes are exactly what the check is for.
 * Pages and files are served without looking at the session.
 */
final class SessionAuthentication extends OncePerRequestFilter {

    private static final RequestMatcher API = PathPatternRequestMatcher.pathPattern("/api/**");

    private final TokenService tokens;
    private final HandlerExceptionResolver problems;

    SessionAuthentication(TokenService tokens, HandlerExceptionResolver problems) {
        this.tokens = tokens;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String token = request.getHeader(HttpHeaders.AUTHORIZATION) == null && API.matches(request)
                ? ConsoleSessions.tokenOf(request) : null;
        if (token != null) {
            try {
                InboxPrincipal caller = (InboxPrincipal) tokens.introspect(token);
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new BearerTokenAuthentication(caller,
                        new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, null, null), caller.getAuthorities()));
                SecurityContextHolder.setContext(context);
            } catch (BadOpaqueTokenException ended) {
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } catch (OAuth2IntrospectionException uncheckable) { // the database away: 503, as for a header's token
                problems.resolveException(request, response, null,
                        new AuthenticationServiceException("The session could not be checked", uncheckable));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
