package dev.onekycbridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onekycbridge.app.e2e.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code BRIDGE_DB_USER} and {@code BRIDGE_DB_PASSWORD} each reach the connection, given alone or together. */
class DatabaseCredentialsTest {
    private final CommandLine cli = new CommandLine();

    @Test
    void aPasswordGivenAloneIsUsedWithTheUserInTheUrl() {
        try (TestDatabase database = TestDatabase.postgres()) {
            String password = parameter(database.url(), "password");
            Map<String, String> environment = Map.of("BRIDGE_DB_URL", without(database.url(), "password"),
                    "BRIDGE_DB_PASSWORD", password, "BRIDGE_DATA_KEY", database.dataKey());

            assertThat(cli.run(environment, "db", "migrate")).as(cli.err()).isZero();
        }
    }

    @Test
    void aUserAndPasswordGivenTogetherAreUsed() {
        try (TestDatabase database = TestDatabase.postgres()) {
            String url = without(without(database.url(), "password"), "user");
            Map<String, String> environment = Map.of("BRIDGE_DB_URL", url,
                    "BRIDGE_DB_USER", parameter(database.url(), "user"),
                    "BRIDGE_DB_PASSWORD", parameter(database.url(), "password"), "BRIDGE_DATA_KEY", database.dataKey());

            assertThat(cli.run(environment, "db", "migrate")).as(cli.err()).isZero();
        }
    }

    @Test
    void withoutThePasswordTheServerRefusesAndTheCommandSaysSo() {
        try (TestDatabase database = TestDatabase.postgres()) {
            Map<String, String> environment = Map.of("BRIDGE_DB_URL", without(database.url(), "password"),
                    "BRIDGE_DATA_KEY", database.dataKey());

            assertThat(cli.run(environment, "db", "migrate")).as(cli.out()).isNotZero();
            assertThat(cli.err()).containsIgnoringCase("password");
        }
    }

    private static String parameter(String url, String name) {
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new AssertionError("the test PostgreSQL URL carries no " + name);
    }

    private static String without(String url, String name) {
        int query = url.indexOf('?');
        StringBuilder kept = new StringBuilder(url.substring(0, query));
        char separator = '?';
        for (String pair : url.substring(query + 1).split("&")) {
            if (!pair.startsWith(name + "=")) {
                kept.append(separator).append(pair);
                separator = '&';
            }
        }
        return kept.toString();
    }
}
