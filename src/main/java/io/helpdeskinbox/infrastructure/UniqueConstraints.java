package io.helpdeskinbox.infrastructure;

import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * A unique index as the arbiter when two requests claim one value (an e-mail address, a name) at the
 * same instant: both may pass the check before writing, only one write commits. The other's
 * violation of that index becomes the refusal the check would have given.
 */
public final class UniqueConstraints {

    private UniqueConstraints() {
    }

    /**
     * Runs {@code write}; a violation of the index {@code constraint} is thrown as {@code refusal}'s,
     * any other failure as it is.
     */
    public static <T> T guard(String constraint, Supplier<T> write, Supplier<? extends RuntimeException> refusal) {
        try {
            return write.get();
        } catch (DataIntegrityViolationException e) {
            if (String.valueOf(e.getMostSpecificCause().getMessage()).contains(constraint)) {
                throw refusal.get();
            }
            throw e;
        }
    }
}
