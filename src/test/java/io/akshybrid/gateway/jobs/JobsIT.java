package io.akshybrid.gateway.jobs;

import io.akshybrid.gateway.support.EmbeddedPostgresForJar;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link JobsTest} against the packaged jar. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = EmbeddedPostgresForJar.class, restrictToAnnotatedClass = true)
class JobsIT extends JobsTest {}
