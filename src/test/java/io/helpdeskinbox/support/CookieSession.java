package io.helpdeskinbox.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What a browser holds after signing in to the console: its cookies (the session's, and the
 * {@code XSRF-TOKEN} one), sent back with each request as a browser would, to whichever instance.
 * Changes carry the {@code X-XSRF-TOKEN} header unless a test leaves it out on purpose.
 */
public final class CookieSession {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** Signs in with an email and password at {@code baseUrl}; the answer, and the cookies it set kept here. */
    public WireResponse signIn(String baseUrl, String email, String password) {
        WireResponse answer = WireResponse.send(client(baseUrl).post().uri("/api/v1/sessions")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("email", email, "password", password)));
        keep(answer);
        return answer;
    }

    /** A client on {@code baseUrl} sending this session's cookies, no token. */
    public RestTestClient client(String baseUrl) {
        return RestTestClient.bindToServer().baseUrl(baseUrl)
                .requestInterceptor(new ContractInterceptor(baseUrl, true))
                .defaultHeaders(headers -> {
                    if (!cookies.isEmpty()) {
                        headers.set(HttpHeaders.COOKIE, cookieHeader());
                    }
                }).build();
    }

    /** Sends a change with the CSRF header, as the console does; keeps any cookie the answer sets. */
    public WireResponse change(RestTestClient.RequestHeadersSpec<?> request) {
        WireResponse answer = WireResponse.send(request.header("X-XSRF-TOKEN", csrfToken()));
        keep(answer);
        return answer;
    }

    /** Keeps the cookies an answer set (a cookie set to expire is dropped). */
    public void keep(WireResponse answer) {
        List<String> set = answer.headers().getOrEmpty(HttpHeaders.SET_COOKIE);
        for (String header : set) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                    cookies.remove(cookie.getName());
                } else {
                    cookies.put(cookie.getName(), cookie.getValue());
                }
            }
        }
    }

    public String csrfToken() {
        assertThat(cookies).as("the XSRF-TOKEN cookie").containsKey("XSRF-TOKEN");
        return cookies.get("XSRF-TOKEN");
    }

    public String sessionId() {
        return cookies.get("SESSION");
    }

    public String cookieHeader() {
        return cookies.entrySet().stream().map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
    }

    /** The raw {@code Set-Cookie} of a cookie in an answer, for its attributes. */
    public static String setCookie(WireResponse answer, String name) {
        return answer.headers().getOrEmpty(HttpHeaders.SET_COOKIE).stream()
                .filter(header -> header.startsWith(name + "=")).findFirst().orElse(null);
    }
}
