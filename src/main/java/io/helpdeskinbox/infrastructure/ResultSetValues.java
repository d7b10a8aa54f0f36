package io.helpdeskinbox.infrastructure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Values read from a row where they need more than the driver's getter. */
public final class ResultSetValues {

    private ResultSetValues() {
    }

    /** A {@code timestamptz} column as an instant; null for SQL null. */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
