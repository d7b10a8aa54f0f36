package io.helpdeskinbox.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Request bodies up to {@code inbox.limits.max-request-body} (default 1 MiB), else a 413 problem.
 * A declared {@code Content-Length} over the limit is refused before anything is read; a body
 * without one (chunked) is counted as it is read, and refused when it passes the limit. Tomcat
 * applies its own limits to the request line and headers ({@code server.max-http-request-header-size}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxBytes;
    private final HandlerExceptionResolver problems;

    RequestBodyLimit(WebProperties properties,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.maxBytes = properties.limits().maxRequestBody().toBytes();
        this.problems = problems;
    }

    /** 413: the body is larger than this server accepts. */
    static class RequestBodyTooLargeException extends ErrorResponseException {

        RequestBodyTooLargeException(long maxBytes) {
            super(HttpStatus.CONTENT_TOO_LARGE, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large",
                    "Request body too large", "The request body is larger than " + maxBytes + " bytes."), null);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            problems.resolveException(request, response, null, new RequestBodyTooLargeException(maxBytes));
            return;
        }
        chain.doFilter(request.getContentLengthLong() < 0 ? new Counted(request, maxBytes) : request, response);
    }

    /** A body of unknown length, counted as it is read. */
    private static final class Counted extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream counted;

        Counted(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountingInputStream(super.getInputStream(), maxBytes);
            }
            return counted;
        }
    }

    private static final class CountingInputStream extends ServletInputStream {

        private final ServletInputStream body;
        private final long maxBytes;
        private long read;

        CountingInputStream(ServletInputStream body, long maxBytes) {
            this.body = body;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int next = body.read();
            if (next >= 0) {
                count(1);
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = body.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > maxBytes) {
                throw new RequestBodyTooLargeException(maxBytes);
            }
        }

        @Override
        public boolean isFinished() {
            return body.isFinished();
        }

        @Override
        public boolean isReady() {
            return body.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            body.setReadListener(listener);
        }
    }
}
