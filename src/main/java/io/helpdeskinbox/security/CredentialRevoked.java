package io.helpdeskinbox.security;

/**
 * A credential stopped working, announced inside the transaction that revoked it: every token of an
 * agent ({@link Role#AGENT}, {@code id} the agent's id: its token was re-issued, or it left), or one
 * API key ({@link Role#INTEGRATION}, {@code id} the key's id). Whatever a caller opened with it, and
 * still holds open, must end.
 */
public record CredentialRevoked(Role role, long id) {

    public static CredentialRevoked agentTokens(long agentId) {
        return new CredentialRevoked(Role.AGENT, agentId);
    }

    public static CredentialRevoked apiKey(long apiKeyId) {
        return new CredentialRevoked(Role.INTEGRATION, apiKeyId);
    }

    /** Whether a caller authenticated with this credential; the admin's token is configuration, never revoked here. */
    public boolean covers(InboxPrincipal caller) {
        return switch (role) {
            case AGENT -> caller.role() == Role.AGENT && caller.agentId() == id;
            case INTEGRATION -> caller.role() == Role.INTEGRATION && caller.tokenId() == id;
            case ADMIN -> false;
        };
    }
}
