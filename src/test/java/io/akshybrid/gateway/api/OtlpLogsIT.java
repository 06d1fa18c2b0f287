package io.akshybrid.gateway.api;

import io.akshybrid.gateway.support.EmbeddedPostgresForJar;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OtlpLogsTest} against the packaged jar: the protobuf runtime and definitions as shipped. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EmbeddedPostgresForJar.class, restrictToAnnotatedClass = true)
class OtlpLogsIT extends OtlpLogsTest {}
