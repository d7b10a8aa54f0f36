package io.helpdeskinbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table: only the module that owns a table writes it in SQL; the others ask the owner.
 * Read from the sources as text: every {@code insert into}, {@code update} and {@code delete from}
 * naming a table of the migrations, in each module's folder. Writes through the JPA entities are not
 * SQL and are not seen here.
 *
 * <p>A statement that changes several tables in one round trip (a transition with its counters,
 * timeline entry and event) is joined from parts each owner writes ({@code CounterStatements},
 * {@code ConversationStatements}, {@code TransitionRecords}), so even those writes stay home.
 */
class TableOwnershipTest {

    private static final Path MODULES = Path.of("src", "main", "java", "io", "helpdeskinbox");
    private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern DROP_TABLE = Pattern.compile("(?i)drop\\s+table\\s+(?:if\\s+exists\\s+)?(\\w+)");
    private static final Pattern WRITE = Pattern.compile("(?i)\\b(?:insert\\s+into|update|delete\\s+from)\\s+(\\w+)");

    /** Each table of the schema, by the module that owns it. */
    private static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("agent", "agent"),
            Map.entry("team", "agent"),
            Map.entry("team_member", "agent"),
            Map.entry("conversation", "conversation"),
            Map.entry("message", "conversation"),
            Map.entry("conversation_idempotency_key", "conversation"),
            Map.entry("conversation_event", "conversation"),
            Map.entry("outbox_event", "outbox"),
            Map.entry("outbox_tick", "outbox"),
            Map.entry("webhook", "webhooks"),
            Map.entry("webhook_delivery", "webhooks"),
            Map.entry("webhook_delivery_attempt", "webhooks"),
            Map.entry("assignment_settings", "routing"),
            Map.entry("access_token", "security"),
            Map.entry("rate_limit_bucket", "security"),
            Map.entry("spring_session", "security"), // Spring Session's, written by its repository
            Map.entry("spring_session_attributes", "security"),
            Map.entry("agent_password", "signin"),
            Map.entry("agent_invitation", "signin"));

    @Test
    void everyTableHasAnOwner() throws IOException {
        assertThat(OWNERS.keySet()).as("tables of the migrations, each with its owner").isEqualTo(tables());
    }

    @Test
    void onlyItsOwnerWritesATableInSql() throws IOException {
        Set<String> crossings = new TreeSet<>();
        Set<String> tables = tables();
        try (Stream<Path> files = Files.walk(MODULES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Path relative = MODULES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the application class
                }
                String module = relative.getName(0).toString();
                Matcher write = WRITE.matcher(Files.readString(file));
                while (write.find()) {
                    String table = write.group(1).toLowerCase(java.util.Locale.ROOT);
                    if (tables.contains(table) && !module.equals(OWNERS.get(table))) {
                        crossings.add(relative.toString().replace('\\', '/') + " writes " + table);
                    }
                }
            }
        }
        assertThat(crossings).as("SQL writes of another module's table (ask its owner instead)").isEmpty();
    }

    /** The tables the migrations leave, in order: created, and not dropped since. */
    private static Set<String> tables() throws IOException {
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> migrations = Files.list(MIGRATIONS)) {
            for (Path migration : migrations.sorted((a, b) -> version(a) - version(b)).toList()) {
                String sql = Files.readString(migration);
                CREATE_TABLE.matcher(sql).results().forEach(table -> tables.add(table.group(1).toLowerCase(java.util.Locale.ROOT)));
                DROP_TABLE.matcher(sql).results().forEach(table -> tables.remove(table.group(1).toLowerCase(java.util.Locale.ROOT)));
            }
        }
        return tables;
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")).split("\\.")[0]);
    }
}
