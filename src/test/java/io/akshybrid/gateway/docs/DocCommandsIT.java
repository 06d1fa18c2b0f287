package io.akshybrid.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.akshybrid.gateway.hashing.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator commands the pages show, run as pasted against the packaged jar (failsafe runs this
 * after {@code package}, so the page's "./mvnw package" step is already done and is left out).
 */
class DocCommandsIT {

    static final String JAR = "target/quarkus-app/quarkus-run.jar";

    static String withoutTheBuild(String script) {
        return script.lines().filter(l -> !l.startsWith("./mvnw ")).reduce("", (a, l) -> a + l + "\n");
    }

    @Test
    void givenTheValidateCommandsOfThePages_whenRunAsPasted_thenTheShippedRegionFilesAreValid() throws Exception {
        assertTrue(Files.isRegularFile(Path.of(JAR)), "the packaged jar is there");
        List<DocPages.ShellBlock> blocks = DocPages.shellBlocksWith("quarkus-run.jar validate-regions k8s/regions");
        for (DocPages.ShellBlock block : blocks) {
            DocPages.Run run = DocPages.bash(withoutTheBuild(block.script()), Path.of("."));
            assertEquals(0, run.exit(), block.where() + ": " + run.out() + run.err());
            assertTrue(run.out().contains("k8s/regions is valid: 2 regions"), block.where() + ": " + run.out());
        }
        Matcher inline = Pattern.compile("`(java -jar " + Pattern.quote(JAR) + " validate-regions regions\\.yaml)`")
                .matcher(Files.readString(DocPages.DOCS.resolve("operations.md")));
        assertTrue(inline.find(), "operations.md shows how to check the local regions.yaml");
        DocPages.Run local = DocPages.bash(inline.group(1), Path.of("."));
        assertEquals(0, local.exit(), local.err());
        assertTrue(local.out().contains("regions.yaml is valid: 2 regions, 3 clusters"), local.out());
    }

    @Test
    void givenTheMintTokenCommandOfThePages_whenRunAsPasted_thenTheHashLineIsTheTokensHash() throws Exception {
        for (DocPages.ShellBlock block : DocPages.shellBlocksWith("quarkus-run.jar mint-token")) {
            DocPages.Run run = DocPages.bash(withoutTheBuild(block.script()), Path.of("."));
            assertEquals(0, run.exit(), block.where() + ": " + run.err());
            List<String> lines = run.out().lines().map(String::trim).toList();
            String token = lines.get(1);
            assertTrue(token.startsWith("aksh_"), run.out());
            assertTrue(lines.contains("tokenSha256: \"" + Sha256.hex(token) + "\""), run.out());
        }
    }
}
