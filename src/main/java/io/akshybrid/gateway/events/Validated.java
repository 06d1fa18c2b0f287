package io.akshybrid.gateway.events;

/** The result of validating one event: either a {@link ValidEvent} to store or a {@link Rejection}. */
public sealed interface Validated permits ValidEvent, Rejection {

    /** Position of the event in the request's {@code events} array. */
    int index();
}
