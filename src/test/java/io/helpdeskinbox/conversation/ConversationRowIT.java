package io.helpdeskinbox.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A conversation row as PostgreSQL's {@code to_jsonb} writes it gives the response the API reads:
 * in every session time zone (its instants carry the session's offset, half and quarter hours
 * included), with the assignee and with none.
 */
class ConversationRowIT extends InboxIntegrationTest {

    private static final List<String> SESSION_TIME_ZONES = List.of("UTC", "Asia/Kathmandu", "America/St_Johns");

    @Autowired
    private JsonMapper json;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void aRowGivesTheResponseInEverySessionTimeZone() {
        long waiting = inbox.post("/api/v1/conversations", Map.of("visitor", Map.of("name", "Zoë \"Zed\"",
                "email", "zoe@example.com", "externalId", "crm-1"), "channel", "web", "subject", "Refund ✓",
                "waitingForAgent", true), HttpStatus.CREATED).get("id").asLong();
        long withoutEmail = inbox.startConversation("Yann");
        long agent = inbox.createAgent("Ana \"A\"", "ana@example.com");
        assertThat(inbox.assign(withoutEmail, agent).status()).isEqualTo(200);

        for (long conversation : List.of(waiting, withoutEmail)) {
            for (String zone : SESSION_TIME_ZONES) {
                String row = new TransactionTemplate(transactionManager).execute(status -> {
                    jdbc.sql("select set_config('TimeZone', :zone, true)").param("zone", zone).query().listOfRows();
                    return jdbc.sql("""
                                    select cast(to_jsonb(c) || jsonb_build_object('assignee_name', a.name) as text)
                                    from conversation c left join agent a on a.id = c.assignee_id where c.id = :id""")
                            .param("id", conversation).query(String.class).single();
                });
                assertThat(json.readTree(json.writeValueAsString(ConversationResponse.ofRow(json.readTree(row)))))
                        .as("conversation %d read in %s: %s", conversation, zone, row)
                        .isEqualTo(inbox.conversation(conversation));
            }
        }
    }
}
