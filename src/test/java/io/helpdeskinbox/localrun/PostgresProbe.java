package io.helpdeskinbox.localrun;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether a PostgreSQL answers at a JDBC URL with these credentials, within a few seconds. */
public final class PostgresProbe {

    private static final Logger log = LoggerFactory.getLogger(PostgresProbe.class);

    private PostgresProbe() {
    }

    public static boolean answers(String url, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("loginTimeout", "3");
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            log.info("No PostgreSQL answers at {} ({})", url, e.getMessage());
            return false;
        }
    }
}
