package io.helpdeskinbox.security;

/**
 * A credential stopped working, announced inside the transaction that revoked it: every credential
 * of an agent ({@link Scope#AGENT}, {@code id} the agent's id: it left), or one stored token
 * ({@link Scope#TOKEN}, {@code id} the token's id: an API key revoked, an agent's token re-issued, a
 * console session signed out or ended by a password change). Whatever a caller opened with it, and
 * still holds open, must end.
 */
public record CredentialRevoked(Scope scope, long id) {

    public enum Scope {
        /** Everything an agent signed in with: its tokens and its console sessions. */
        AGENT,
        /** One stored token: an API key, an agent's token, or the token of one console session. */
        TOKEN
    }

    public static CredentialRevoked agent(long agentId) {
        return new CredentialRevoked(Scope.AGENT, agentId);
    }

    public static CredentialRevoked token(long tokenId) {
        return new CredentialRevoked(Scope.TOKEN, tokenId);
    }

    /** Whether a caller authenticated with this credential; the admin's token is configuration, never revoked here. */
    public boolean covers(InboxPrincipal caller) {
        return switch (scope) {
            case AGENT -> caller.agentId() != null && caller.agentId() == id; // an agent single sign-on made ADMIN too
            case TOKEN -> caller.tokenId() != null && caller.tokenId() == id;
        };
    }
}
