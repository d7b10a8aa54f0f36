package io.helpdeskinbox.security;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What a caller is, and so what it may do (the contract's "Security" matrix). */
public enum Role {
    /** The operator, with the bootstrap token from {@code INBOX_ADMIN_TOKEN}: everything. */
    ADMIN,
    /** A person answering conversations: reads, conversation actions, its own messages and availability. */
    AGENT,
    /** A partner's system with an API key: creates conversations, writes as visitor or bot, acts on conversations. */
    INTEGRATION;

    public GrantedAuthority authority() {
        return new SimpleGrantedAuthority("ROLE_" + name());
    }
}
