package io.akshybrid.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The pages a user reads hold together: a short README that links to every page of docs/, links and
 * section anchors that lead somewhere, and no references to internal tickets.
 */
class DocsTest {

    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");
    static final Path ROOT = Path.of("").toAbsolutePath();

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
    static String anchor(String heading) {
        return heading.trim()
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-');
    }

    static Set<String> anchors(Path page) throws Exception {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                fenced = !fenced;
            }
            Matcher h = HEADING.matcher(line);
            if (!fenced && h.matches()) {
                anchors.add(anchor(h.group(1)));
            }
        }
        return anchors;
    }

    @Test
    void givenTheReadme_whenRead_thenItIsShortAndLinksToEveryPageOfDocs() throws Exception {
        List<String> readme = Files.readAllLines(DocPages.README);
        assertTrue(readme.size() <= 150, "README.md has " + readme.size() + " lines; details belong in docs/");
        String text = String.join("\n", readme);
        List<Path> pages = DocPages.pages().subList(1, DocPages.pages().size());
        assertTrue(pages.size() >= 6, pages.toString());
        for (Path page : pages) {
            assertTrue(text.contains("](docs/" + page.getFileName() + ")"), "README.md links to " + page);
        }
        assertTrue(text.contains("```mermaid"), "README.md draws the data flow");
    }

    @Test
    void givenEveryPage_whenSearchedForTicketNumbers_thenThereAreNone() throws Exception {
        Pattern ticket = Pattern.compile("(?i)\\bissues? ?#?[0-9]");
        List<String> found = new ArrayList<>();
        for (Path page : DocPages.pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                if (ticket.matcher(lines.get(i)).find()) {
                    found.add(page + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertEquals(List.of(), found, "the docs speak of the software, not of tickets");
    }

    @Test
    void givenEveryRelativeLink_whenFollowed_thenItsFileAndSectionExist() throws Exception {
        Set<String> broken = new TreeSet<>();
        int checked = 0;
        for (Path page : DocPages.pages()) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // http(s), mailto
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String fragment = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty()
                        ? page
                        : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT)) {
                    continue; // beside the repository (DESIGN.md), not part of it
                }
                checked++;
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (fragment != null && !anchors(resolved).contains(fragment)) {
                    broken.add(page + ": " + target + " (no such section)");
                }
            }
        }
        assertEquals(Set.of(), broken);
        assertTrue(checked > 20, "links checked: " + checked);
    }

    @Test
    void givenHeadings_whenTurnedIntoAnchors_thenTheyAreGitHubs() {
        assertEquals("a-clusters-data-export-erasure-audit", anchor("A cluster's data: export, erasure, audit"));
        assertEquals("otlphttp-logs-post-v1logs", anchor("OTLP/HTTP logs: `POST /v1/logs`"));
        assertEquals("regionsyaml", anchor("regions.yaml"));
    }
}
