package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.conversation.FolderCountsResponse;
import io.helpdeskinbox.outbox.EventPosition;
import io.helpdeskinbox.outbox.EventType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** What a live stream sends besides the outbox's events, and the event id it puts in front of each payload. */
final class StreamPayloads {

    /** The event that tells a resuming client the events after its position are gone: it must reload, then follow. */
    static final String STREAM_RESET = "stream.reset";

    private final JsonMapper json;
    private final Clock clock;

    StreamPayloads(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    String reset(EventPosition position, String expiredLastEventId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", position.id());
        data.put("type", STREAM_RESET);
        data.put("at", clock.instant());
        data.put("lastEventId", expiredLastEventId);
        data.put("detail", "The events after Last-Event-ID are no longer kept. Reload the conversations, agents and "
                + "counts; this stream carries every change from here on.");
        return json.writeValueAsString(data);
    }

    String counted(EventPosition position, FolderCountsResponse totals) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", position.id());
        data.put("type", EventType.FOLDERS_COUNTED.wireName());
        data.put("at", clock.instant());
        data.put("folderCounts", totals);
        return json.writeValueAsString(data);
    }
}
