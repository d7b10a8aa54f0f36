package io.helpdeskinbox.signin;

import io.helpdeskinbox.signin.internal.Invitations;
import java.net.URI;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * One-time links to the console where an agent sets its password: for the admin's API, and for
 * whoever else hands one out (the demo run prints one for a demo agent).
 */
@Service
public class InvitationLinks {

    private final Invitations invitations;

    InvitationLinks(Invitations invitations) {
        this.invitations = invitations;
    }

    /** A link and when it stops working. */
    public record InvitationLink(URI url, Instant expiresAt) {
    }

    /**
     * A new link for an active agent (404, 409 otherwise), to the console at {@code console}; an
     * earlier open link of the agent stops working. The token rides in the fragment, which a browser
     * sends neither to the server nor in a Referer.
     */
    public InvitationLink invite(long agentId, URI console) {
        Invitations.Invitation invitation = invitations.invite(agentId);
        String base = console.toString().endsWith("/") ? console.toString() : console + "/";
        return new InvitationLink(URI.create(base + "#invitation=" + invitation.token()), invitation.expiresAt());
    }
}
