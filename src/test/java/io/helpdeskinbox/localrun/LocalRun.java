package io.helpdeskinbox.localrun;

import org.springframework.boot.SpringApplicationHook;

/** What a development run adds to the app: a database when none is configured ({@link LocalDatabase}). */
public final class LocalRun {

    public static final SpringApplicationHook HOOK = application -> new LocalDatabase();

    private LocalRun() {
    }

    /** How many embedded PostgreSQL servers development runs in this JVM have started. */
    public static int embeddedServersStarted() {
        return LocalDatabase.STARTED.get();
    }
}
