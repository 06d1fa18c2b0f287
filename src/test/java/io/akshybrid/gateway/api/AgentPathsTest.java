package io.akshybrid.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One spelling of every path, as the request guard compares them. */
class AgentPathsTest {

    @Test
    void givenSpellingsOfTheLogsPath_whenCanonical_thenAllAreOne() {
        for (String spelling : new String[] {
            "/v1/logs",
            "/v1/logs/",
            "//v1//logs",
            "/v1/./logs",
            "/v1/x/../logs",
            "/V1/LOGS",
            "/v1%2Flogs",
            "/v1%252Flogs",
            "/v1/l%6Fgs",
            "/v1/logs;a=b",
            "/../v1/logs",
            "\\v1\\logs"
        }) {
            assertEquals("/v1/logs", AgentPaths.canonical(spelling), spelling);
            assertTrue(AgentPaths.isLogs(spelling), spelling);
        }
    }

    @Test
    void givenOtherPathsAndBrokenEscapes_whenCanonical_thenTheyStayApart() {
        assertEquals("/", AgentPaths.canonical(""));
        assertEquals("/", AgentPaths.canonical("/.."));
        assertEquals("/v1/events%zz", AgentPaths.canonical("/v1/events%zz"));
        assertFalse(AgentPaths.isLogs("/v1/logsx"));
        assertFalse(AgentPaths.isLogs("/v1/events"));
    }

    @Test
    void givenProduction_whenAnyPathIsAsked_thenNoneIsPublic() {
        for (String path : new String[] {"/", "/q/dev-ui", "/q/health", "/v1/events", "/admin"}) {
            assertFalse(AgentPaths.isPublic(path), path);
        }
    }
}
