package io.helpdeskinbox.conversation;

import io.helpdeskinbox.security.CurrentCaller;
import java.time.Instant;

/** Who made a change, why and when: what the conversation's timeline records beside the change. */
public record Cause(EventReason reason, String actor, Instant at) {

    /** Someone asked for it through the API. */
    public static Cause manual(String actor, Instant at) {
        return new Cause(EventReason.MANUAL, actor, at);
    }

    /** Whether the engine picked the assignee (auto-assignment or the reopen policy), not a person. */
    public boolean byEngine() {
        return reason == EventReason.AUTO || reason == EventReason.REOPEN;
    }

    /** Work no caller asked for: the auto-assignment engine, the reopen policy. */
    public static Cause engine(EventReason reason, Instant at) {
        return new Cause(reason, CurrentCaller.SYSTEM, at);
    }
}
