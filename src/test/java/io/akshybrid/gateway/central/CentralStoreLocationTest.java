package io.akshybrid.gateway.central;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.akshybrid.gateway.regions.ShardLocation;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md: the datasource URL, username and password are all the gateway needs to reach the
 * central store; the JDBC settings for its migrations are derived from them.
 */
class CentralStoreLocationTest {

    static ShardLocation.Remote location(String url, String user, String password) throws Exception {
        return new CentralStore(null, null, url, Optional.ofNullable(user), Optional.ofNullable(password)).location();
    }

    @Test
    void givenCredentialsInTheUrl_whenNoUsernameIsConfigured_thenTheUrlsAreUsed() throws Exception {
        ShardLocation.Remote db =
                location("postgresql://gateway:s%40cret@central-pg:6432/telemetry?sslmode=require", null, null);
        assertEquals("central-pg", db.host());
        assertEquals(6432, db.port());
        assertEquals("telemetry", db.database());
        assertEquals("gateway", db.user());
        assertEquals("s@cret", db.password());
        assertEquals("require", db.params().get("sslmode"));
    }

    @Test
    void givenUsernameAndPasswordSettings_whenTheUrlHasOthers_thenTheSettingsWin() throws Exception {
        ShardLocation.Remote db = location("postgresql://ignored:ignored@central-pg/telemetry", "ops", "pw");
        assertEquals("ops", db.user());
        assertEquals("pw", db.password());
        assertEquals(5432, db.port());
    }

    @Test
    void givenQuarkusUrlForms_whenDerived_thenThePrefixIsDroppedAndTheFirstHostIsUsed() throws Exception {
        assertEquals(
                "pg-a",
                location("vertx-reactive:postgresql://pg-a:5432/t", "u", "p").host());
        assertEquals(
                "pg-a",
                location("postgresql://pg-a:5432/t,postgresql://pg-b:5432/t", "u", "p")
                        .host());
    }
}
