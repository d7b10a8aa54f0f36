package io.helpdeskinbox.agent;

import java.util.List;
import java.util.TreeSet;

/** Lists of {@link Skill skills}, as they are stored and shown. */
public final class Skills {

    private Skills() {
    }

    /** Each once, in alphabetical order; none for null. */
    public static List<String> canonical(List<String> skills) {
        return skills == null ? List.of() : List.copyOf(new TreeSet<>(skills));
    }
}
