package io.akshybrid.gateway.central;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A revision of regions.yaml that a replica read: applied, or refused with the reasons. */
@Entity
@Table(name = "region_map_revisions")
public class RegionMapRevision extends PanacheEntityBase {

    @Id
    @SequenceGenerator(
            name = "region_map_revisions_seq",
            sequenceName = "region_map_revisions_seq",
            allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "region_map_revisions_seq")
    public Long id;

    /** Hex SHA-256 of the file's content. */
    @Column(name = "content_hash")
    public String contentHash;

    public boolean applied;

    @Column(name = "seen_at")
    public OffsetDateTime seenAt;

    public String replica;

    /** What changed (applied), or the problems with their lines (refused). */
    public String summary;
}
