package io.akshybrid.gateway.support;

import static io.restassured.RestAssured.given;

/** The gateway's /q/metrics as the tests read it. */
public final class Metrics {

    private Metrics() {}

    public static String scrape() {
        return given().port(Management.port())
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The value of one sample, 0 when the series does not exist yet. */
    public static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
