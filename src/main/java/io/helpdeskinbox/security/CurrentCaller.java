package io.helpdeskinbox.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** Who is acting right now, as recorded in timelines and used to scope idempotency keys. */
@Component
public class CurrentCaller {

    /** The actor of work no caller asked for (the auto-assignment engine). */
    public static final String SYSTEM = "system";

    public String actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof InboxPrincipal principal) {
            return principal.getName();
        }
        return SYSTEM;
    }
}
