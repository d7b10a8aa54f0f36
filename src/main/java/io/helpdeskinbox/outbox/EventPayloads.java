package io.helpdeskinbox.outbox;

import io.helpdeskinbox.conversation.ConversationResponse;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event's payload as delivered, from the payload as stored. An event stores its conversation, if
 * it has one, in one form whichever way the change was made: as the changed row
 * ({@code conversationRow}, the table's columns as {@code to_jsonb} writes them;
 * {@code ConversationResponse.asRow()} where the entity made the change). A transition applied as one
 * statement holds the conversation's and the agents' locks until it commits, and building the API's
 * JSON there cost a fifth of its throughput, so the row is shaped into the API's conversation here,
 * where the stream and the webhooks read it, off the write path. Other events are stored as they are
 * delivered.
 */
@Component
public class EventPayloads {

    /**
     * The stored type of a revoked credential's record: for the live streams alone, in stream order
     * (see the stream's {@code StreamRevocation}), never sent to a client nor delivered to a webhook.
     */
    public static final String CREDENTIAL_REVOKED = "credential.revoked";

    /** The key under which a stored payload holds its conversation as the changed row. */
    public static final String CONVERSATION_ROW = "conversationRow";
    private static final String STORED_AS_ROW = '"' + CONVERSATION_ROW + "\":";

    private final JsonMapper json;

    EventPayloads(JsonMapper json) {
        this.json = json;
    }

    /**
     * The payload as the stream and the webhooks send it. Deterministic: a webhook's retry signs the
     * same bytes. A quote inside a JSON string is escaped, so the key's spelling with its quotes can
     * only be a key.
     */
    public String delivered(String stored) {
        if (!stored.contains(STORED_AS_ROW)) {
            return stored;
        }
        ObjectNode payload = (ObjectNode) json.readTree(stored);
        JsonNode row = payload.remove(CONVERSATION_ROW);
        payload.set("conversation", json.valueToTree(ConversationResponse.ofRow(row)));
        return json.writeValueAsString(payload);
    }
}
