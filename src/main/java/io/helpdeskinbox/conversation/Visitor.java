package io.helpdeskinbox.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Who started the conversation: a person on the web widget, a bot's user, a partner's customer. */
@Embeddable
public record Visitor(
        @Column(name = "visitor_name") String name,
        @Column(name = "visitor_email") String email,
        @Column(name = "visitor_external_id") String externalId) {
}
