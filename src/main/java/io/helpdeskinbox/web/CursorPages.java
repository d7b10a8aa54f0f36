package io.helpdeskinbox.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Window;

/**
 * Keyset pagination on top of Spring Data's {@link Window}: the opaque cursor carries the sort
 * keys of the last item of a page (never an offset), plus the name of the list it belongs to so a
 * cursor cannot be replayed against a list with another order.
 */
public final class CursorPages {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private CursorPages() {
    }

    /** Where to start: the beginning when there is no cursor, else right after the cursor's item. */
    public static ScrollPosition position(String cursor, String list, Map<String, Class<?>> keyTypes) {
        if (cursor == null) {
            return ScrollPosition.keyset();
        }
        return ScrollPosition.forward(decode(cursor, list, keyTypes));
    }

    public static <T, R> PageResponse<R> page(Window<T> window, String list, Function<T, R> mapper) {
        List<R> items = window.getContent().stream().map(mapper).toList();
        String next = null;
        if (window.hasNext() && !window.isEmpty()) {
            KeysetScrollPosition last = (KeysetScrollPosition) window.positionAt(window.size() - 1);
            next = encode(list, last.getKeys());
        }
        return new PageResponse<>(items, next);
    }

    public static String encode(String list, Map<String, ?> keys) {
        StringBuilder plain = new StringBuilder(list);
        keys.forEach((name, value) -> plain.append('|').append(name).append('=').append(value));
        return ENCODER.encodeToString(plain.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static Map<String, Object> decode(String cursor, String list, Map<String, Class<?>> keyTypes) {
        try {
            String[] parts = new String(DECODER.decode(cursor), StandardCharsets.UTF_8).split("\\|");
            if (!parts[0].equals(list) || parts.length != keyTypes.size() + 1) {
                throw new InvalidCursorException();
            }
            Map<String, Object> keys = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] pair = parts[i].split("=", 2);
                Class<?> type = keyTypes.get(pair[0]);
                if (type == null || pair.length != 2 || keys.containsKey(pair[0])) {
                    throw new InvalidCursorException();
                }
                keys.put(pair[0], type == Instant.class ? storableInstant(pair[1]) : Long.valueOf(pair[1]));
            }
            return keys;
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidCursorException();
        }
    }

    /** Only instants PostgreSQL can compare with: a forged far-future one would fail in the query. */
    private static Instant storableInstant(String text) {
        Instant instant = Instant.parse(text);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidCursorException();
        }
        return instant;
    }
}
