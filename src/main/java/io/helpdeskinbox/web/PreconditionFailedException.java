package io.helpdeskinbox.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** The resource changed since the version the caller named in {@code If-Match} (412), with its current tag. */
public class PreconditionFailedException extends ErrorResponseException {

    public PreconditionFailedException(long currentVersion) {
        super(HttpStatus.PRECONDITION_FAILED, Problems.of(HttpStatus.PRECONDITION_FAILED, "version-mismatch",
                "The conversation has changed", "The conversation has changed since the version you named in "
                        + "If-Match; it is now version " + currentVersion + "."), null);
        getBody().setProperty("currentVersion", currentVersion);
        getHeaders().setETag("W/\"" + currentVersion + "\"");
    }
}
