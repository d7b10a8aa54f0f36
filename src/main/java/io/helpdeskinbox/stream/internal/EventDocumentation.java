package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.outbox.EventType;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The events in the OpenAPI document: the payload of every event, the stream's ordering and resume
 * rules on {@code GET /api/v1/events}, and the webhook deliveries in its {@code webhooks} section.
 */
@Configuration(proxyBeanMethods = false)
class EventDocumentation {

    private static final String EVENTS_PATH = "/api/v1/events";

    @Bean
    OpenApiCustomizer documentedEvents() {
        return openApi -> {
            openApi.getComponents().addSchemas("InboxEvent", change());
            openApi.getComponents().addSchemas("FoldersCounted", foldersCounted());
            PathItem events = openApi.getPaths() == null ? null : openApi.getPaths().get(EVENTS_PATH);
            if (events != null && events.getGet() != null) {
                describeStream(events.getGet());
                // the controller's return type, which the stream's own content replaces
                openApi.getComponents().getSchemas().remove("SseEmitter");
            }
            openApi.addWebhooks("inboxEvent", new PathItem().post(delivery()));
        };
    }

    private static void describeStream(Operation stream) {
        String roles = stream.getDescription() == null ? "" : "\n\n" + stream.getDescription();
        stream.summary("Live events (Server-Sent Events)").description("""
                Every committed change, as an event named by its type, whose data is an InboxEvent; and \
                folders.counted events (FoldersCounted) with the exact folder totals at their position: one \
                first on every (re)connect, and one after each delivered batch that moved a folder. The SSE \
                id is an opaque position, increasing in stream order (fixed-width: compare as strings). \
                A stream delivers every committed change exactly once, never one that rolled back, and each \
                conversation's events in its version order. Reconnect with Last-Event-ID (header or \
                lastEventId parameter) to resume right after that position, on any instance. A position \
                older than the events kept (retention) cannot be resumed without a gap: the stream then starts \
                with a stream.reset event ({id, type, at, lastEventId, detail}, whatever types= asked for), \
                after which the client reloads what it shows and follows the stream from there. types= \
                filters by event name. Comment lines are heartbeats.""" + roles);
        // the body is the SSE text itself, so that is what its schema says (a validating proxy checks the
        // whole body against it); each event's data is described by the components it names
        Content content = new Content().addMediaType("text/event-stream", new MediaType().schema(new Schema<>()
                .type("string").types(java.util.Set.of("string")).description("""
                        Server-Sent Events (text/event-stream): each event's data is a JSON InboxEvent \
                        (#/components/schemas/InboxEvent), a FoldersCounted (#/components/schemas/FoldersCounted) \
                        or, first on a resume past retention, a stream.reset.""")));
        ApiResponses responses = stream.getResponses() == null ? new ApiResponses() : stream.getResponses();
        responses.addApiResponse("200", new ApiResponse().description("The stream").content(content));
        stream.setResponses(responses);
    }

    private static Operation delivery() {
        return new Operation().operationId("deliverInboxEvent").addTagsItem("Webhooks")
                .summary("A webhook delivery").description("""
                An HTTP POST of the event as the stream shows it, to each webhook whose events include its \
                type (or all, when its list is empty). At least once: de-duplicate on X-Inbox-Event-Id, the \
                event's id. Verify X-Inbox-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" \
                keyed with the webhook's secret>. Anything but a 2xx within the timeout is retried with backoff.""")
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                        new MediaType().schema(ref("InboxEvent")))))
                .addParametersItem(new HeaderParameter().name("X-Inbox-Event-Id")
                        .required(true).schema(new StringSchema()).description("The event's id: de-duplicate on it"))
                .addParametersItem(new HeaderParameter().name("X-Inbox-Event-Type")
                        .required(true).schema(new StringSchema()))
                .addParametersItem(new HeaderParameter().name("X-Inbox-Signature")
                        .required(true).schema(new StringSchema().example("t=1764066930,v1=5f1c...")))
                .addParametersItem(new HeaderParameter()
                        .name("X-Inbox-Delivery-Attempt").required(true).schema(new IntegerSchema()))
                .responses(new ApiResponses().addApiResponse("2XX", new ApiResponse()
                        .description("Delivered; anything else is retried")));
    }

    private static Schema<?> change() {
        ObjectSchema agent = new ObjectSchema();
        agent.addProperty("id", new IntegerSchema().format("int64"));
        agent.addProperty("name", new StringSchema());
        agent.addProperty("availability", new StringSchema()._enum(List.of("ONLINE", "BUSY", "OFFLINE")));
        agent.addProperty("activeConversations", new IntegerSchema());
        agent.addProperty("active", new BooleanSchema());
        agent.addProperty("present", new BooleanSchema().description(
                "connected now (an open stream or an API call within the presence timeout); agent.updated is sent "
                        + "when it turns"));
        ObjectSchema change = new ObjectSchema();
        change.description("""
                A committed change. conversation.* and message.created carry the conversation as that change \
                left it (with its version), the folder it left and the one it entered (equal when it stayed; \
                fromFolder null on creation); agents are the agents whose counters the change moved, as \
                committed (agent.updated: the agent that changed, its presence included). webhook.disabled carries the webhook whose \
                receiver failed for too long, without its URL (no agents). No folder totals: see FoldersCounted.""");
        change.addProperty("id", position());
        change.addProperty("type", new StringSchema()._enum(Arrays.stream(EventType.values())
                .filter(type -> type != EventType.FOLDERS_COUNTED).map(EventType::wireName).toList()));
        change.addProperty("at", new DateTimeSchema());
        change.addProperty("conversation", ref("ConversationResponse"));
        change.addProperty("fromFolder", nullableFolder().description("null on creation"));
        change.addProperty("toFolder", folder());
        change.addProperty("message", ref("MessageResponse"));
        ObjectSchema webhook = new ObjectSchema();
        webhook.addProperty("id", new IntegerSchema().format("int64"));
        webhook.addProperty("status", new StringSchema()._enum(List.of("DISABLED")));
        webhook.addProperty("failingSince", new DateTimeSchema());
        webhook.addProperty("disabledAt", new DateTimeSchema());
        change.addProperty("webhook", webhook);
        change.addProperty("agents", new ArraySchema().items(agent));
        change.required(List.of("id", "type", "at", "agents"));
        return change;
    }

    private static Schema<?> foldersCounted() {
        ObjectSchema counted = new ObjectSchema();
        counted.description("""
                The exact folder totals as of this event's position in the stream: every change delivered \
                before it is counted, none after.""");
        counted.addProperty("id", position());
        counted.addProperty("type", new StringSchema()._enum(List.of(EventType.FOLDERS_COUNTED.wireName())));
        counted.addProperty("at", new DateTimeSchema());
        counted.addProperty("folderCounts", ref("FolderCountsResponse"));
        counted.required(List.of("id", "type", "at", "folderCounts"));
        return counted;
    }

    private static Schema<?> position() {
        return new StringSchema().description("Opaque position in the stream, increasing in stream order")
                .example("000000000000002a0000000000000c350000");
    }

    private static Schema<?> folder() {
        return new StringSchema()._enum(List.of("unassigned", "assigned", "archived"));
    }

    /** OpenAPI 3.1's nullable enum: null among the types and among the values. */
    private static Schema<?> nullableFolder() {
        Schema<String> folder = new StringSchema();
        folder.setTypes(new LinkedHashSet<>(Arrays.asList("string", "null")));
        folder.setEnum(Arrays.asList("unassigned", "assigned", "archived", null));
        return folder;
    }

    private static Schema<?> ref(String component) {
        return new Schema<>().$ref("#/components/schemas/" + component);
    }
}
