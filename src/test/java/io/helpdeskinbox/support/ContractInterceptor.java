package io.helpdeskinbox.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Checks each exchange of a {@code RestTestClient} against the served document
 * ({@link ContractValidation}) before the test sees the response. The response body is read here,
 * whole, and handed on; a stream's is left to the test.
 */
final class ContractInterceptor implements ClientHttpRequestInterceptor {

    private final String baseUrl;
    private final boolean requestsMeantInvalid;

    /** {@code requestsMeantInvalid}: every request of this client breaks the contract on purpose. */
    ContractInterceptor(String baseUrl, boolean requestsMeantInvalid) {
        this.baseUrl = baseUrl;
        this.requestsMeantInvalid = requestsMeantInvalid;
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        // read before the first request, not between it and the next: tests time their requests (rate limits)
        ContractValidation contract = ContractValidation.of(baseUrl);
        ClientHttpResponse response = execution.execute(request, body);
        HttpHeaders requestHeaders = HttpHeaders.copyOf(request.getHeaders());
        MediaType type = response.getHeaders().getContentType();
        boolean stream = type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
        byte[] responseBody = stream ? null : response.getBody().readAllBytes();
        boolean meantInvalid = requestsMeantInvalid
                || Boolean.TRUE.equals(request.getAttributes().get(ContractValidation.INVALID_REQUEST));
        contract.check(new ContractValidation.Exchange(request.getMethod().name(),
                request.getURI(), requestHeaders, body, response.getStatusCode().value(),
                HttpHeaders.copyOf(response.getHeaders()), responseBody), meantInvalid);
        return stream ? response : new ReadResponse(response, responseBody);
    }

    /** A response whose body has been read: the same status and headers, the body from memory. */
    private record ReadResponse(ClientHttpResponse response, byte[] body) implements ClientHttpResponse {

        @Override
        public HttpStatusCode getStatusCode() throws IOException {
            return response.getStatusCode();
        }

        @Override
        public String getStatusText() throws IOException {
            return response.getStatusText();
        }

        @Override
        public HttpHeaders getHeaders() {
            return response.getHeaders();
        }

        @Override
        public InputStream getBody() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
