package io.helpdeskinbox.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problems with this API's type URIs. A module's refusal names its own type
 * ({@code io.helpdeskinbox.infrastructure.Refusal}), so the web layer needs to know no feature.
 */
public final class Problems {

    public static final String TYPE_BASE = "https://helpdeskinbox.io/problems/";

    private Problems() {
    }

    /** {@code type} is the last segment of the type URI, e.g. {@code conversation-not-found}. */
    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
