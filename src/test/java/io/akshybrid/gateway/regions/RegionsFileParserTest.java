package io.akshybrid.gateway.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.hashing.Sha256Hash;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** regions.yaml is validated as a whole; every problem names its line. */
class RegionsFileParserTest {

    static final String HASH_A = Sha256.hex("a");
    static final String HASH_B = Sha256.hex("b");
    static final Map<String, String> ENV =
            Map.of("EASTUS_PG_PASSWORD", "p@ss/w:rd", "PG_URL", "postgresql://u:p@db:6432/t");

    static RegionMap parse(String yaml) throws RegionMapException {
        return RegionsFileParser.parse("regions.yaml", yaml, ENV::get);
    }

    static RegionMapException refused(String yaml) {
        return assertThrows(RegionMapException.class, () -> parse(yaml));
    }

    static String valid() {
        return """
                regions:
                  eastus:
                    shard: postgresql://gateway:${EASTUS_PG_PASSWORD}@pg-eastus:5432/telemetry?sslmode=require
                  westeurope:
                    shard: embedded
                clusters:
                  "5b0e0c3c-7d41-4a8b-9a0e-2f1d7c3e9f10":
                    region: westeurope
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                  c2:
                    region: eastus
                    subscription: "0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e"
                    tokenSha256: "%s"
                """.formatted(HASH_A, HASH_B);
    }

    @Test
    void givenTheDesignsExample_whenParsed_thenRegionsShardsAndClustersAreKnown() throws Exception {
        RegionMap map = parse(valid());
        assertEquals(2, map.regions().size());
        ShardLocation.Remote east =
                (ShardLocation.Remote) map.regions().get("eastus").shard();
        assertEquals("pg-eastus", east.host());
        assertEquals(5432, east.port());
        assertEquals("telemetry", east.database());
        assertEquals("gateway", east.user());
        assertEquals("p@ss/w:rd", east.password(), "a substituted password may hold URL characters");
        assertEquals("require", east.params().get("sslmode"));
        assertEquals(
                new ShardLocation.Embedded("shard_westeurope"),
                map.regions().get("westeurope").shard());
        assertEquals("c2", map.byTokenHash().get(Sha256Hash.ofHex(HASH_B)).id());
        assertEquals(
                Optional.of("westeurope"),
                map.clusters().get("5b0e0c3c-7d41-4a8b-9a0e-2f1d7c3e9f10").region());
        assertTrue(!east.describe().contains("p@ss"), "descriptions never show the password");
    }

    @Test
    void givenAShardThatIsOneVariable_whenParsed_thenTheVariableIsTheWholeUrl() throws Exception {
        RegionMap map = parse(valid().replace(
                        "postgresql://gateway:${EASTUS_PG_PASSWORD}@pg-eastus:5432/telemetry?sslmode=require",
                        "${PG_URL}"));
        ShardLocation.Remote east =
                (ShardLocation.Remote) map.regions().get("eastus").shard();
        assertEquals(6432, east.port());
        assertEquals("db", east.host());
    }

    @Test
    void givenAnUnknownRegion_whenParsed_thenRefusedWithItsLine() {
        RegionMapException e = refused(valid().replace("region: eastus", "region: northpole"));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(12, e.problems().get(0).line());
        assertTrue(e.getMessage().contains("unknown region 'northpole'"), e.getMessage());
    }

    @Test
    void givenTwoClustersWithOneTokenHash_whenParsed_thenRefused() {
        RegionMapException e = refused(valid().replace(HASH_B, HASH_A));
        assertTrue(e.getMessage().contains("line 14") && e.getMessage().contains("same as cluster"), e.getMessage());
    }

    @Test
    void givenAMissingVariable_whenParsed_thenRefusedNamingIt() {
        RegionMapException e = refused(valid().replace("EASTUS_PG_PASSWORD", "NOT_SET_ANYWHERE"));
        assertTrue(
                e.getMessage().contains("line 3") && e.getMessage().contains("NOT_SET_ANYWHERE is not set"),
                e.getMessage());
    }

    @Test
    void givenBadUrls_whenParsed_thenRefused() {
        for (String url : new String[] {
            "mysql://h/db",
            "postgresql://h",
            "postgresql:///db",
            "not a url",
            "postgresql://h/db?foo=bar",
            "postgresql://h/db?sslmode=sometimes",
            "postgresql://h:99999/db"
        }) {
            RegionMapException e = refused(valid().replace("embedded", url));
            assertTrue(
                    e.getMessage().contains("line 5") && e.getMessage().contains("region 'westeurope'"),
                    url + ": " + e.getMessage());
        }
    }

    @Test
    void givenYamlSyntaxErrors_whenParsed_thenRefusedWithTheLine() {
        RegionMapException e = refused(valid().replace("    shard: embedded", "    shard: [embedded"));
        assertTrue(e.getMessage().contains("YAML syntax"), e.getMessage());
        assertTrue(e.problems().get(0).line() > 0, e.getMessage());
    }

    @Test
    void givenUnknownOrDuplicateKeys_whenParsed_thenRefused() {
        assertTrue(refused(valid().replace("    shard: embedded", "    shard: embedded\n    shards: x"))
                .getMessage()
                .contains("unknown key 'shards'"));
        assertTrue(refused(valid().replace("  westeurope:", "  eastus:"))
                .getMessage()
                .contains("duplicate key 'eastus'"));
        assertTrue(refused(valid() + "tenants: {}\n").getMessage().contains("unknown key 'tenants'"));
    }

    @Test
    void givenBadClusterFields_whenParsed_thenEachIsReported() {
        RegionMapException e = refused(valid().replace("tokenSha256: \"" + HASH_A + "\"", "tokenSha256: \"abc\"")
                .replaceFirst("subscription: \"0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e\"", "subscription: \"contoso\""));
        assertEquals(2, e.problems().size(), e.getMessage());
    }

    @Test
    void givenTwoTokenHashesDuringARotation_whenParsed_thenBothIdentifyTheCluster() throws Exception {
        String hashC = Sha256.hex("c");
        RegionMap map = parse(valid().replace(
                        "tokenSha256: \"" + HASH_B + "\"",
                        "tokenSha256:\n      - \"" + HASH_B + "\"\n      - \"" + hashC + "\""));
        assertEquals("c2", map.byTokenHash().get(Sha256Hash.ofHex(HASH_B)).id());
        assertEquals("c2", map.byTokenHash().get(Sha256Hash.ofHex(hashC)).id());
        assertTrue(refused(valid().replace(
                                "tokenSha256: \"" + HASH_B + "\"",
                                "tokenSha256: [\"" + HASH_B + "\", \"" + HASH_B + "\"]"))
                .getMessage()
                .contains("same hash twice"));
        assertTrue(refused(valid().replace("tokenSha256: \"" + HASH_B + "\"", "tokenSha256: []"))
                .getMessage()
                .contains("lists no hash"));
    }

    @Test
    void givenAClusterWithoutRegion_whenParsed_thenItIsKnownButUnregistered() throws Exception {
        RegionMap map = parse(valid().replace("    region: westeurope\n", ""));
        assertEquals(
                Optional.empty(),
                map.clusters().get("5b0e0c3c-7d41-4a8b-9a0e-2f1d7c3e9f10").region());
    }

    @Test
    void givenTheRepositorysRegionsFile_whenParsed_thenItIsValid() throws Exception {
        String content = java.nio.file.Files.readString(java.nio.file.Path.of("regions.yaml"));
        RegionMap map = RegionsFileParser.parse("regions.yaml", content, System::getenv);
        assertTrue(map.regions().size() >= 2);
        assertTrue(
                map.byTokenHash().containsKey(Sha256Hash.ofHex(Sha256.hex("dev-token-eastus-1"))),
                "the dev token of README.md and docs/agents.md belongs to a cluster");
    }
}
