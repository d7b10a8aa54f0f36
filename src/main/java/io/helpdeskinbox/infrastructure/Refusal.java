package io.helpdeskinbox.infrastructure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the inbox refuses for a reason of its own, said in the domain's words: the kind of
 * refusal, a problem type (the last segment of its type URI, e.g. {@code conversation-not-found}),
 * a title, a detail for people, and the members a caller can act on (the current status, the
 * current version). No HTTP type: a module says why; the web module's {@code ProblemResponses}
 * says how, in one place, as an RFC 9457 problem with its kind's status.
 */
public abstract class Refusal extends RuntimeException {

    /** Why, as the contract groups the reasons: each has one status in the web module. */
    public enum Kind {
        /** What the path names does not exist. */
        NOT_FOUND,
        /** The state of what the path names forbids it now. */
        CONFLICT,
        /** The body names something that cannot serve (an unknown agent, a key reused for another body). */
        UNPROCESSABLE,
        /** The caller named a version ({@code If-Match}) that is no longer current. */
        VERSION_MISMATCH,
        /** The caller may not do this, for a reason it may read. */
        FORBIDDEN
    }

    private final Kind kind;
    private final String type;
    private final String title;
    private final Map<String, Object> members = new LinkedHashMap<>();

    protected Refusal(Kind kind, String type, String title, String detail) {
        super(detail, null, false, false); // an expected answer, not a failure: no stack trace to fill
        this.kind = kind;
        this.type = type;
        this.title = title;
    }

    /** A member of the problem beside type, title, status and detail, for the caller to act on. */
    protected final void member(String name, Object value) {
        members.put(name, value);
    }

    public Kind kind() {
        return kind;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> members() {
        return Collections.unmodifiableMap(members);
    }
}
