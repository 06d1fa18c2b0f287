package io.akshybrid.gateway.regions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.auth.ClusterAuthenticator;
import io.akshybrid.gateway.failure.GatewayException;
import io.akshybrid.gateway.hashing.Sha256;
import io.akshybrid.gateway.support.Fleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The region map as a directory of files: a generated fleet of 100,000 clusters in 25 files of
 * clusters and one of regions, as it would be mounted from ConfigMaps; and small maps for the rules
 * of which files are read.
 */
class RegionsDirectoryTest {

    static final int CLUSTERS = 100_000;
    static final int FILES = 25;
    static final long LIMIT = RegionsFileParser.DEFAULT_MAX_FILE_BYTES;

    @TempDir
    static Path fleet;

    @BeforeAll
    static void writeFleet() throws Exception {
        Fleet.write(fleet, CLUSTERS, FILES);
    }

    static RegionsSource source(Path dir) {
        return new RegionsSource(dir, LIMIT, Map.<String, String>of()::get);
    }

    static void replaceIn(Path file, String from, String to) throws Exception {
        String s = Files.readString(file);
        assertTrue(s.contains(from), from);
        Files.writeString(file, s.replace(from, to));
    }

    @Test
    void givenAFleetIn26Files_whenRead_thenOneMapWithEveryClusterAndEveryFileFitsAConfigMap() throws Exception {
        RegionsSource source = source(fleet);
        RegionsSource.Snapshot snapshot = source.read();
        RegionMap map = source.merge(snapshot);

        assertEquals(FILES + 1, snapshot.files().size());
        assertEquals(FILES + 1, snapshot.parsed());
        assertEquals(CLUSTERS, map.clusters().size());
        assertEquals(CLUSTERS, map.byTokenHash().size());
        assertEquals(Fleet.REGIONS.size(), map.regions().size());
        for (Path f : RegionsSource.files(fleet)) {
            assertTrue(Files.size(f) < 1024 * 1024, f + " fits a ConfigMap of 1 MiB: " + Files.size(f));
        }
        for (int i : new int[] {0, 4_000, 77_777, CLUSTERS - 1}) {
            Cluster c = ClusterAuthenticator.authenticate("Bearer " + Fleet.token(i), map);
            assertEquals(Fleet.id(i), c.id());
            assertEquals(Optional.of(Fleet.region(i)), c.region());
            assertEquals(Fleet.subscription(i), c.subscription());
        }
        assertThrows(GatewayException.class, () -> ClusterAuthenticator.authenticate("Bearer not-a-token", map));

        RegionsSource.Snapshot again = source.read();
        assertEquals(0, again.parsed(), "nothing changed, nothing is parsed");
        assertEquals(snapshot.contentSha256(), again.contentSha256());
    }

    @Test
    void givenOneClusterEdited_whenReadAgain_thenOnlyItsFileIsParsedAndTheEditIsInForce(@TempDir Path dir)
            throws Exception {
        copy(fleet, dir);
        RegionsSource source = source(dir);
        RegionMap before = source.load();
        int edited = 51_234;
        String file = Fleet.fileOf(edited, CLUSTERS, FILES);
        replaceIn(
                dir.resolve(file),
                Fleet.clusterYaml(edited),
                Fleet.clusterYaml(edited).replace("region: " + Fleet.region(edited), "region: eastus"));

        RegionsSource.Snapshot snapshot = source.read();
        RegionMap after = source.merge(snapshot);

        assertEquals(1, snapshot.parsed(), "only " + file + " is parsed again");
        assertEquals(
                Optional.of("eastus"), after.clusters().get(Fleet.id(edited)).region());
        assertNotSame(before.contentSha256(), after.contentSha256());
        assertSame(
                before.clusters().get(Fleet.id(7)),
                after.clusters().get(Fleet.id(7)),
                "a cluster of a file not parsed again is the same instance");
        assertEquals("~cluster " + Fleet.id(edited) + " (region eastus)", RegionMapDiff.summary(before, after));
    }

    @Test
    void givenAnEditThatDefinesAClusterInASecondFile_whenRead_thenRefusedNamingBothFilesAndLines(@TempDir Path dir)
            throws Exception {
        copy(fleet, dir);
        RegionsSource source = source(dir);
        source.load();
        int copied = 8_001;
        Path other = dir.resolve(Fleet.fileOf(90_000, CLUSTERS, FILES));
        long lines = Files.readAllLines(other).size();
        Files.writeString(other, Files.readString(other) + Fleet.clusterYaml(copied));

        RegionsSource.Snapshot snapshot = source.read();
        RegionMapException e = assertThrows(RegionMapException.class, () -> source.merge(snapshot));

        assertEquals(1, snapshot.parsed());
        assertEquals(1, e.problems().size(), e.getMessage());
        String message = e.getMessage();
        assertTrue(
                message.contains(other.getFileName() + " line " + (lines + 1) + ": cluster '" + Fleet.id(copied)
                        + "' is defined twice: also at " + Fleet.fileOf(copied, CLUSTERS, FILES) + " line "
                        + Fleet.lineOf(copied, CLUSTERS, FILES)),
                message);
    }

    @Test
    void givenATokenHashOfAClusterInAnotherFile_whenRead_thenRefusedNamingBothFiles(@TempDir Path dir)
            throws Exception {
        copy(fleet, dir);
        int owner = 3;
        int thief = 99_998;
        replaceIn(
                dir.resolve(Fleet.fileOf(thief, CLUSTERS, FILES)),
                Sha256.hex(Fleet.token(thief)),
                Sha256.hex(Fleet.token(owner)));

        RegionMapException e =
                assertThrows(RegionMapException.class, () -> source(dir).load());

        assertTrue(
                e.getMessage()
                        .contains(Fleet.fileOf(thief, CLUSTERS, FILES) + " line " + Fleet.lineOf(thief, CLUSTERS, FILES)
                                + ": cluster '" + Fleet.id(thief) + "': tokenSha256 is the same as cluster '"
                                + Fleet.id(owner) + "'s (" + Fleet.fileOf(owner, CLUSTERS, FILES) + " line "
                                + Fleet.lineOf(owner, CLUSTERS, FILES) + ")"),
                e.getMessage());
    }

    static void copy(Path from, Path to) throws Exception {
        for (Path f : RegionsSource.files(from)) {
            Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // --- Small maps: which files are read, and what is refused.

    static final String REGIONS = "regions:\n  eastus:\n    shard: embedded\n";

    static String cluster(String id, String region, String token) {
        return "  " + id + ":\n    region: " + region + "\n    subscription: \"0b5e7c1e-3a4f-4d2b-8c6e-1f2a3b4c5d6e\"\n"
                + "    tokenSha256: \"" + Sha256.hex(token) + "\"\n";
    }

    @Test
    void givenAConfigMapVolume_whenRead_thenYamlAndYmlFilesAreMergedAndDotNamesAndOtherFilesIgnored(@TempDir Path dir)
            throws Exception {
        Path gen1 = Files.createDirectories(dir.resolve("..2026_12_08_1"));
        Files.writeString(gen1.resolve("regions.yaml"), REGIONS + "clusters:\n" + cluster("c1", "eastus", "t1"));
        Files.writeString(gen1.resolve("more.yml"), "clusters:\n" + cluster("c2", "eastus", "t2"));
        Files.writeString(gen1.resolve("notes.txt"), "not: [yaml");
        Files.createSymbolicLink(dir.resolve("..data"), gen1.getFileName());
        for (String name : new String[] {"regions.yaml", "more.yml", "notes.txt"}) {
            Files.createSymbolicLink(dir.resolve(name), Path.of("..data", name));
        }
        Files.writeString(dir.resolve(".hidden.yaml"), "not: [yaml");
        RegionsSource source = source(dir);

        RegionMap map = source.load();
        assertEquals(2, map.clusters().size());

        // The kubelet's update: a new generation directory, then ..data swapped to it at once.
        Path gen2 = Files.createDirectories(dir.resolve("..2026_12_08_2"));
        Files.copy(gen1.resolve("regions.yaml"), gen2.resolve("regions.yaml"));
        Files.writeString(gen2.resolve("more.yml"), "clusters:\n" + cluster("c3", "eastus", "t3"));
        Files.writeString(gen2.resolve("notes.txt"), "");
        Path tmp = Files.createSymbolicLink(dir.resolve("..data_tmp"), gen2.getFileName());
        Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        RegionsSource.Snapshot snapshot = source.read();
        map = source.merge(snapshot);
        assertEquals(1, snapshot.parsed(), "regions.yaml is new on disk but its content is not");
        assertEquals(java.util.Set.of("c1", "c3"), map.clusters().keySet());
    }

    @Test
    void givenAFileOverTheLimit_whenRead_thenRefusedSayingSoWithoutParsingIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("regions.yaml"), REGIONS);
        StringBuilder big = new StringBuilder("clusters:\n");
        for (int i = 0; i < 20; i++) {
            big.append(cluster("c" + i, "eastus", "t" + i));
        }
        Files.writeString(dir.resolve("clusters.yaml"), big);

        RegionMapException e = assertThrows(
                RegionMapException.class, () -> new RegionsSource(dir, 1000, Map.<String, String>of()::get).load());

        assertTrue(
                e.getMessage()
                        .contains("clusters.yaml: the file is " + big.length() + " bytes, over the limit of 1000"),
                e.getMessage());
        assertTrue(e.getMessage().contains("gateway.regions-max-file-size"), e.getMessage());
        assertEquals(1, e.problems().size(), e.getMessage());
    }

    @Test
    void givenProblemsOnlyTheWholeDirectoryShows_whenRead_thenEachNamesItsFileAndLine(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("a.yaml"), REGIONS + "clusters:\n" + cluster("c1", "westus", "t1"));
        Files.writeString(dir.resolve("b.yaml"), "regions:\n  eastus:\n    shard: embedded\n");
        Files.writeString(dir.resolve("c.yaml"), "clusters:\n" + cluster("c2", "eastus", "t1"));

        RegionMapException e =
                assertThrows(RegionMapException.class, () -> source(dir).load());

        String m = e.getMessage();
        assertTrue(m.contains("b.yaml line 2: region 'eastus' is defined twice: also at a.yaml line 2"), m);
        assertTrue(m.contains("a.yaml line 6: cluster 'c1': unknown region 'westus'"), m);
        assertTrue(
                m.contains("c.yaml line 2: cluster 'c2': tokenSha256 is the same as cluster 'c1's (a.yaml line 5)"), m);
        assertEquals(3, e.problems().size(), m);
    }

    @Test
    void givenARegionRefusedForAMissingVariable_whenRead_thenItsClustersAreNotAlsoInAnUnknownRegion(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("regions.yaml"), "regions:\n  eastus:\n    shard: ${NOT_SET_ANYWHERE}\n");
        Files.writeString(dir.resolve("c.yaml"), "clusters:\n" + cluster("c1", "eastus", "t1"));

        RegionMapException e =
                assertThrows(RegionMapException.class, () -> source(dir).load());

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(
                e.getMessage().contains("regions.yaml line 3: region 'eastus': environment variable NOT_SET_ANYWHERE"),
                e.getMessage());
    }

    @Test
    void givenADirectoryWithoutRegions_whenRead_thenRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("c.yaml"), "clusters:\n" + cluster("c1", "eastus", "t1"));
        RegionMapException e =
                assertThrows(RegionMapException.class, () -> source(dir).load());
        assertTrue(e.getMessage().contains("no file defines 'regions'"), e.getMessage());
    }
}
