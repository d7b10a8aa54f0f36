package io.helpdeskinbox.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.stereotype.Component;

/**
 * Console sessions: a person signed in with a password (or single sign-on) gets an HTTP session
 * (Spring Session, kept in PostgreSQL: every instance knows it, a restart keeps it) holding a token
 * of its own, kind SESSION. Each request of the session is then checked exactly as a bearer token
 * is, on every request, against the database: signing out, a password change and a deactivation
 * revoke that token, and with it the session and whatever stream the session opened, on every
 * instance.
 *
 * <p>The token never leaves the server; the browser holds the session's cookie ({@code HttpOnly},
 * {@code SameSite=Lax}), and, for the CSRF check of each change it asks for, the {@code XSRF-TOKEN}
 * cookie, which the console's script reads and sends back as {@code X-XSRF-TOKEN}.
 */
@Component
public class ConsoleSessions {

    /** The session attribute holding the session's token. */
    static final String TOKEN_ATTRIBUTE = "inbox.token";

    private final TokenService tokens;
    private final CsrfTokenRepository csrfTokens;
    private final SessionRepository<? extends Session> sessions;

    ConsoleSessions(TokenService tokens, CsrfTokenRepository csrfTokens, SessionRepository<? extends Session> sessions) {
        this.tokens = tokens;
        this.csrfTokens = csrfTokens;
        this.sessions = sessions;
    }

    /**
     * Signs the agent in: a new session (a session the request came with ends first, its token
     * revoked: its id may have been planted), a new token in it, and a new CSRF token in its cookie.
     */
    public InboxPrincipal signIn(HttpServletRequest request, HttpServletResponse response, long agentId, String agentName) {
        return signIn(request, response, agentId, agentName, false);
    }

    /** As {@link #signIn(HttpServletRequest, HttpServletResponse, long, String)}; {@code admin}: single sign-on made the person ADMIN. */
    public InboxPrincipal signIn(HttpServletRequest request, HttpServletResponse response, long agentId, String agentName,
            boolean admin) {
        end(request);
        String token = tokens.issueSessionToken(agentId, agentName, admin);
        request.getSession(true).setAttribute(TOKEN_ATTRIBUTE, token);
        if (csrfTokens.loadToken(request) != null) {
            // a CSRF token from before the sign-in is not kept (one planted by someone else, say); without
            // one, the request's own deferred token is made and sent with this response anyway
            csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
        }
        long tokenId = BearerToken.parse(token).orElseThrow().id();
        return admin ? new InboxPrincipal(Role.ADMIN, agentId, tokenId, true) : InboxPrincipal.signedIn(agentId, tokenId);
    }

    /** Signs out: the session's token revoked (its streams end, on every instance) and the session gone. */
    public void signOut(HttpServletRequest request, HttpServletResponse response) {
        end(request);
        csrfTokens.saveToken(null, request, response);
    }

    /** The token of the session this request came with, if any; never creates a session. */
    public static String tokenOf(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (String) session.getAttribute(TOKEN_ATTRIBUTE);
    }

    /**
     * When the session expires if nothing uses it before, read now from the store; empty when it
     * has expired or ended (what a stream opened by the session checks as that moment comes).
     */
    public Optional<Instant> expiry(String sessionId) {
        Session session = sessions.findById(sessionId);
        return session == null || session.isExpired() ? Optional.empty()
                : Optional.of(session.getLastAccessedTime().plus(session.getMaxInactiveInterval()));
    }

    private void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return;
        }
        String token = (String) session.getAttribute(TOKEN_ATTRIBUTE);
        if (token != null) {
            BearerToken.parse(token).ifPresent(held -> tokens.revokeToken(held.id()));
        }
        session.invalidate();
    }
}
