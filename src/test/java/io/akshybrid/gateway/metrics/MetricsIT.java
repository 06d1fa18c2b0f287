package io.akshybrid.gateway.metrics;

import io.akshybrid.gateway.support.EmbeddedPostgresForJar;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link MetricsTest} against the packaged jar. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EmbeddedPostgresForJar.class, restrictToAnnotatedClass = true)
class MetricsIT extends MetricsTest {}
