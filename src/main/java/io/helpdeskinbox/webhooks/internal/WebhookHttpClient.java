package io.helpdeskinbox.webhooks.internal;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The webhooks' HTTP side: one signed POST to a receiver, its status back. Redirects are not
 * followed (they could lead anywhere, loopback included), and a receiver's answer is not ours to
 * store: a little of it is read, then the connection is dropped.
 */
final class WebhookHttpClient {

    /** How much of a receiver's response body is read before the connection is dropped. */
    private static final int RESPONSE_BYTES_READ = 8 * 1024;

    private final RestClient http;

    WebhookHttpClient(Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory();
        requests.setReadTimeout(readTimeout);
        this.http = RestClient.builder().requestFactory(requests).build();
    }

    /**
     * Posts {@code json} to {@code target} (the URI as checked, not a string parsed again).
     *
     * @return the receiver's status
     * @throws RuntimeException when no answer came (refused, timed out, reset)
     */
    int post(URI target, byte[] json, Map<String, String> headers) {
        return http.post().uri(target)
                .contentType(MediaType.APPLICATION_JSON)
                .headers(sent -> headers.forEach(sent::add))
                .body(json)
                .exchange((request, response) -> {
                    try (InputStream answer = response.getBody()) {
                        answer.readNBytes(RESPONSE_BYTES_READ);
                    }
                    return response.getStatusCode().value();
                });
    }
}
