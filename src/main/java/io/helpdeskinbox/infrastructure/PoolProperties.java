package io.helpdeskinbox.infrastructure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The pools' own setting ({@code INBOX_BACKGROUND_CONNECTIONS}); the request pool is Spring Boot's
 * ({@code spring.datasource.hikari.*}). The default is said here, once.
 *
 * @param backgroundConnections the background pool's size: the engine, the relay, the live streams and
 *     the periodic duties draw from it, never from the requests'
 */
@ConfigurationProperties("inbox")
record PoolProperties(@DefaultValue("5") int backgroundConnections) {
}
