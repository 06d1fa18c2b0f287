package io.akshybrid.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL of the prometheus-operator component, as rendered: every alert and recording rule of the
 * PrometheusRule and every query of the Grafana dashboard, with the series they name. The parsing is
 * deliberately simple: series are the identifiers {@code gateway_*} and
 * {@code http_server_requests_seconds*}, with the matchers of the braces that follow them.
 */
final class MonitoringReferences {

    static final Pattern SERIES =
            Pattern.compile("\\b(gateway_[a-z0-9_]+|http_server_requests_seconds[a-z_]*)\\s*(\\{([^}]*)})?");
    static final Pattern MATCHER =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    static final Pattern GROUPING = Pattern.compile("\\b(?:by|on|ignoring|without)\\s*\\(([^)]*)\\)");
    static final Pattern LABEL_REPLACE_TARGET = Pattern.compile("label_replace\\(.*?\\),\\s*\"([a-zA-Z_]\\w*)\"");
    static final Pattern RECORDED = Pattern.compile("\\b[a-z_]+:[a-z_:]+\\b");

    /** One PromQL expression and where it is: an alert's or recording rule's name, or a dashboard panel's title. */
    record Expression(String where, String promql) {

        List<Selector> selectors() {
            List<Selector> out = new ArrayList<>();
            Matcher m = SERIES.matcher(promql);
            while (m.find()) {
                List<LabelMatcher> matchers = new ArrayList<>();
                if (m.group(3) != null) {
                    Matcher l = MATCHER.matcher(m.group(3));
                    while (l.find()) {
                        matchers.add(new LabelMatcher(l.group(1), l.group(2), l.group(3)));
                    }
                }
                out.add(new Selector(m.group(1), matchers));
            }
            return out;
        }

        /** The labels of {@code by (...)}, {@code on (...)} and the like. */
        Set<String> groupingLabels() {
            Set<String> out = new LinkedHashSet<>();
            Matcher m = GROUPING.matcher(promql);
            while (m.find()) {
                for (String l : m.group(1).split(",")) {
                    if (!l.isBlank()) {
                        out.add(l.trim());
                    }
                }
            }
            return out;
        }

        /** Labels the expression makes itself, with label_replace. */
        Set<String> madeLabels() {
            Set<String> out = new LinkedHashSet<>();
            Matcher m = LABEL_REPLACE_TARGET.matcher(promql.replace("\n", " "));
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }

        /** Names of recorded series ({@code level:metric:operation}) that the expression reads. */
        Set<String> recordedSeries() {
            Set<String> out = new LinkedHashSet<>();
            Matcher m = RECORDED.matcher(promql.replaceAll("\"[^\"]*\"", "\"\""));
            while (m.find()) {
                out.add(m.group());
            }
            return out;
        }
    }

    record Selector(String series, List<LabelMatcher> matchers) {}

    record LabelMatcher(String label, String op, String value) {}

    private MonitoringReferences() {}

    /** Every rule of every PrometheusRule: alerts under their alert name, recording rules under "record NAME". */
    static List<Expression> rules(List<Map<String, Object>> docs) {
        List<Expression> out = new ArrayList<>();
        for (Map<String, Object> d : docs) {
            if (!"PrometheusRule".equals(d.get("kind"))) {
                continue;
            }
            for (Object g : (List<?>) K8sManifestsTest.at(d, "spec", "groups")) {
                for (Object r : (List<?>) K8sManifestsTest.at(g, "rules")) {
                    Map<String, Object> rule = Kustomize.cast(r);
                    String where =
                            rule.containsKey("alert") ? (String) rule.get("alert") : "record " + rule.get("record");
                    out.add(new Expression(where, rule.get("expr").toString()));
                }
            }
        }
        return out;
    }

    /** The dashboards: the JSON of every ConfigMap labelled for Grafana's sidecar. */
    static List<JsonNode> dashboards(List<Map<String, Object>> docs) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Map<String, Object> d : docs) {
            if ("ConfigMap".equals(d.get("kind"))
                    && K8sManifestsTest.at(d, "metadata", "labels", "grafana_dashboard") != null) {
                Map<String, Object> data = K8sManifestsTest.at(d, "data");
                for (Object json : data.values()) {
                    out.add(new ObjectMapper().readTree(json.toString()));
                }
            }
        }
        return out;
    }

    /** Every query of a dashboard: its panels' (rows' included) targets and its template variables. */
    static List<Expression> queries(JsonNode dashboard) {
        List<Expression> out = new ArrayList<>();
        panels(dashboard.path("panels"), out);
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if ("query".equals(v.path("type").asText())) {
                JsonNode q = v.path("query");
                out.add(new Expression(
                        "variable " + v.path("name").asText(),
                        q.isTextual() ? q.asText() : q.path("query").asText()));
            }
        }
        return out;
    }

    private static void panels(JsonNode panels, List<Expression> out) {
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                out.add(new Expression(
                        "panel \"" + p.path("title").asText() + "\"",
                        t.path("expr").asText()));
            }
            panels(p.path("panels"), out);
        }
    }
}
