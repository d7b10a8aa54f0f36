package io.helpdeskinbox.signin.internal;

import io.helpdeskinbox.infrastructure.Refusal;

/** An invitation link that cannot be used (404): unknown, used, replaced by a newer one, or expired. */
class InvitationNotFoundException extends Refusal {

    InvitationNotFoundException() {
        super(Kind.NOT_FOUND, "invitation-not-found", "Invitation not found",
                "This invitation link is unknown, already used, replaced by a newer one, or expired. Ask an admin for a new one.");
    }
}
