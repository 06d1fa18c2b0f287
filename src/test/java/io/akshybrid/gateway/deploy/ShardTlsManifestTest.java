package io.akshybrid.gateway.deploy;

import static io.akshybrid.gateway.deploy.K8sManifestsTest.at;
import static io.akshybrid.gateway.deploy.K8sManifestsTest.container;
import static io.akshybrid.gateway.deploy.K8sManifestsTest.kind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.regions.RegionMap;
import io.akshybrid.gateway.regions.RegionsFileParser;
import io.akshybrid.gateway.regions.RegionsSource;
import io.akshybrid.gateway.regions.ShardLocation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped region map checks whose certificate each shard presents (verify-full), against a CA
 * file that the Deployment mounts from a Secret.
 */
class ShardTlsManifestTest {

    @BeforeAll
    static void render() throws Exception {
        K8sManifestsTest.render();
    }

    @Test
    void givenTheShippedRegionMap_whenParsed_thenEveryShardVerifiesTheServerAgainstAMountedCa() throws Exception {
        RegionMap map = new RegionsSource(
                        Path.of("k8s/regions"), RegionsFileParser.DEFAULT_MAX_FILE_BYTES, name -> "pw")
                .load();
        List<Map<String, Object>> mounts = at(container(), "volumeMounts");
        List<Map<String, Object>> volumes = at(kind("Deployment"), "spec", "template", "spec", "volumes");
        assertFalse(map.regions().isEmpty());
        map.regions().values().forEach(region -> {
            ShardLocation.Remote shard = (ShardLocation.Remote) region.shard();
            assertEquals("verify-full", shard.params().get("sslmode"), region.name());
            String ca = shard.params().get("sslrootcert");
            Map<String, Object> mount = mounts.stream()
                    .filter(m -> ca.startsWith(m.get("mountPath") + "/"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no volume mounted above " + ca));
            Map<String, Object> volume = volumes.stream()
                    .filter(v -> v.get("name").equals(mount.get("name")))
                    .findFirst()
                    .orElseThrow();
            assertTrue(volume.containsKey("secret"), "the CA comes from a Secret: " + volume);
        });
    }
}
