package io.akshybrid.gateway.api;

import io.akshybrid.gateway.support.EmbeddedPostgresForJar;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OpenApiTest} against the packaged jar. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EmbeddedPostgresForJar.class, restrictToAnnotatedClass = true)
class OpenApiIT extends OpenApiTest {}
