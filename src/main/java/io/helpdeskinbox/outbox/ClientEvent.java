package io.helpdeskinbox.outbox;

/**
 * A fact a module announces that clients receive as it is, on the stream and in webhooks (a webhook
 * disabled): the outbox records it with the transaction that announced it, the one value it carries
 * under {@link #field()}.
 */
public interface ClientEvent {

    EventType type();

    String field();

    Object value();
}
