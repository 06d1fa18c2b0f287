package io.akshybrid.gateway.events;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The six kinds of event an agent sends, with the sources each may come from (DESIGN.md, Agent API). */
public enum EventType {
    HOST_OS("host-os", EnumSet.of(EventSource.UTC)),
    CONTROL_PLANE("control-plane", EnumSet.of(EventSource.UTC, EventSource.ADHS)),
    HOST_ERROR("host-error", EnumSet.of(EventSource.UTC)),
    MARINER_VM("mariner-vm", EnumSet.of(EventSource.ADHS)),
    BILLING("billing", EnumSet.of(EventSource.UTC, EventSource.ADHS)),
    SECURITY("security", EnumSet.of(EventSource.UTC, EventSource.ADHS));

    /** The name on the wire and in the {@code type} column. */
    public final String wireName;

    public final Set<EventSource> sources;

    EventType(String wireName, Set<EventSource> sources) {
        this.wireName = wireName;
        this.sources = sources;
    }

    public static Optional<EventType> fromWire(String name) {
        for (EventType t : values()) {
            if (t.wireName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
