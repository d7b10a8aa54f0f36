package io.helpdeskinbox.infrastructure;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.lookup.AbstractRoutingDataSource;

/**
 * Two connection pools behind the one DataSource everything uses. Requests take connections from
 * the request pool ({@code spring.datasource.hikari.*}, as usual); the instance's background work
 * ({@link BackgroundWork}) from a small pool of its own with the same settings
 * ({@code inbox.background-connections}). Under a burst of requests the engine, the relay
 * and the live stream still get a connection at once, so an automatic assignment and an event's
 * delivery do not wait behind the queue of requests.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PoolProperties.class)
class ConnectionPools {

    private static final String REQUESTS = "requests";
    private static final String BACKGROUND = "background";

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource requestConnections(DataSourceProperties properties) {
        HikariDataSource pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName(REQUESTS);
        return pool;
    }

    @Bean
    HikariDataSource backgroundConnections(@Qualifier("requestConnections") HikariDataSource requestConnections,
            PoolProperties properties) {
        HikariConfig config = new HikariConfig();
        requestConnections.copyStateTo(config);
        config.setPoolName(BACKGROUND);
        config.setMaximumPoolSize(properties.backgroundConnections());
        return new HikariDataSource(config);
    }

    @Bean
    @Primary
    DataSource dataSource(@Qualifier("requestConnections") HikariDataSource requestConnections,
            @Qualifier("backgroundConnections") HikariDataSource backgroundConnections) {
        AbstractRoutingDataSource byWork = new AbstractRoutingDataSource() {
            @Override
            protected Object determineCurrentLookupKey() {
                return BackgroundWork.isCurrent() ? BACKGROUND : REQUESTS;
            }
        };
        byWork.setTargetDataSources(Map.of(REQUESTS, requestConnections, BACKGROUND, backgroundConnections));
        byWork.setDefaultTargetDataSource(requestConnections);
        byWork.afterPropertiesSet();
        return byWork;
    }
}
