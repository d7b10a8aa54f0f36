package io.helpdeskinbox.conversation.internal;

import org.springframework.core.convert.converter.Converter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code ?teamId=}: one team's conversations, or with {@code none} those of the global queue (no
 * team). Absent: every conversation.
 *
 * @param teamId the team; null for {@code none}
 */
public record TeamFilter(Long teamId) {

    /** {@code none}, or a team's id; anything else is a 400 naming the parameter. */
    @Component
    static class FromQueryParameter implements Converter<String, TeamFilter> {

        @Override
        public TeamFilter convert(String source) {
            String value = source.strip();
            if (value.equals("none")) {
                return new TeamFilter(null);
            }
            if (!value.matches("[0-9]{1,18}")) {
                throw new IllegalArgumentException("must be a team's id or none");
            }
            return new TeamFilter(Long.parseLong(value));
        }
    }

    /** As SQL on the conversation aliased {@code c}; a team's id is bound as {@code :teamId} ({@link #bind}). */
    String condition() {
        return teamId == null ? "c.team_id is null" : "c.team_id = :teamId";
    }

    /** The statement with what {@link #condition} names bound. */
    JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        return teamId == null ? statement : statement.param("teamId", teamId);
    }
}
