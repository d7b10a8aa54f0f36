package io.helpdeskinbox.infrastructure;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * A PostgreSQL array literal of numbers or plain words, for a parameter cast to an array type
 * ({@code cast(:ids as bigint[])}): one parameter for any number of values, so a statement keeps one
 * plan. Values are written as they are: never text from a caller.
 */
public final class PostgresArrays {

    private PostgresArrays() {
    }

    public static String literal(Collection<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }
}
