package io.akshybrid.gateway.health;

import io.akshybrid.gateway.support.EmbeddedPostgresForJar;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link HealthTest} against the packaged jar. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EmbeddedPostgresForJar.class, restrictToAnnotatedClass = true)
class HealthIT extends HealthTest {}
