package io.helpdeskinbox.security;

import io.helpdeskinbox.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A 403 whose reason the caller may read: it concerns what the caller asked, not what exists. */
public class CallerRefusedException extends ErrorResponseException {

    public CallerRefusedException(String reason) {
        super(HttpStatus.FORBIDDEN, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                reason), null);
    }
}
