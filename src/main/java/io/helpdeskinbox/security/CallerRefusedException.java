package io.helpdeskinbox.security;

import org.springframework.security.access.AccessDeniedException;

/** A 403 whose reason the caller may read: it concerns what the caller asked, not what exists. */
public class CallerRefusedException extends AccessDeniedException {

    public CallerRefusedException(String reason) {
        super(reason);
    }
}
