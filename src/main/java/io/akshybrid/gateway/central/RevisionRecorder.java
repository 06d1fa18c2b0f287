package io.akshybrid.gateway.central;

import io.akshybrid.gateway.regions.RegionMapRevisionSeen;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Records every region-map revision a replica reads in {@code region_map_revisions}. The event comes
 * on the startup thread or a scheduler worker thread, so this may block: it runs the Panache
 * transaction on a Vert.x context and waits for it. A central store that is down costs the record, not
 * the reload.
 */
@ApplicationScoped
public class RevisionRecorder {

    private static final Logger LOG = Logger.getLogger(RevisionRecorder.class);

    private final CentralStore central;

    public RevisionRecorder(CentralStore central) {
        this.central = central;
    }

    void record(@Observes RegionMapRevisionSeen seen) {
        if (!central.ready()) {
            return;
        }
        RegionMapRevision r = new RegionMapRevision();
        r.contentHash = seen.contentSha256();
        r.applied = seen.applied();
        r.seenAt = OffsetDateTime.now(ZoneOffset.UTC);
        r.replica = ReplicaName.NAME;
        r.summary = seen.summary().length() > 8000 ? seen.summary().substring(0, 8000) : seen.summary();
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(r::persist));
        } catch (Throwable e) {
            LOG.warnf(
                    "Could not record region map revision %s: %s",
                    seen.contentSha256().substring(0, 12), e.getMessage());
        }
    }
}
