package io.helpdeskinbox.stream.internal;

import io.helpdeskinbox.outbox.EventPosition;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One client's Server-Sent Events response: the live stream's only contact with HTTP besides its
 * controller. The stream ({@link LiveEventStream}, {@link StreamSubscriber}) speaks in
 * {@link Message}s; this turns them into the servlet response's events.
 */
final class SseConnection {

    /** What the stream sends: an event (its id, its type as the event's name, its JSON), or a comment. */
    record Message(String id, String name, String json, String comment) {

        static Message event(EventPosition position, String name, String json) {
            return new Message(position.id(), name, json, null);
        }

        static Message comment(String text) {
            return new Message(null, null, null, text);
        }
    }

    private final SseEmitter emitter;

    SseConnection(Duration timeout) {
        this.emitter = new SseEmitter(timeout.toMillis());
    }

    /** The response the controller returns. */
    SseEmitter emitter() {
        return emitter;
    }

    /** Runs {@code gone} once the response ends, however it ends. */
    void whenEnded(Runnable gone) {
        emitter.onCompletion(gone);
        emitter.onTimeout(gone);
        emitter.onError(error -> gone.run());
    }

    /** @throws IllegalStateException when the response already ended */
    void send(Message message) throws IOException {
        emitter.send(message.comment() != null ? SseEmitter.event().comment(message.comment())
                : SseEmitter.event().id(message.id()).name(message.name()).data(message.json(), MediaType.APPLICATION_JSON));
    }

    /** @throws IllegalStateException when the response already ended */
    void complete() {
        emitter.complete();
    }

    /** @throws IllegalStateException when the response already ended */
    void completeAfter(Throwable sendFailure) {
        emitter.completeWithError(sendFailure);
    }
}
