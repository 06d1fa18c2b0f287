package io.akshybrid.gateway.events;

/** The agent that emitted an event: Windows Universal Telemetry Client or Mariner Azure Device Health Service. */
public enum EventSource {
    UTC,
    ADHS
}
