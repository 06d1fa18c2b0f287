package io.akshybrid.gateway.ingest;

import io.akshybrid.gateway.failure.Failure;

/**
 * What one request's body may build, counted while it is parsed: its events (or log records), the
 * values of each, and the values of the whole body. A parser asks the budget before it builds each
 * value, so the first value over a limit stops the parse with 413, and no body inside the byte limits
 * builds more than {@code maxValues} objects, however small it is on the wire. A value is any JSON or
 * OTLP value: a scalar, an object or an array, counted once, field names aside. Not thread-safe: one
 * budget per request.
 */
final class ValueBudget {

    private final int maxEvents;
    private final int maxValuesPerEvent;
    private final int maxValues;
    /** What a request holds, in the answer's words: "events", or "log records" for OTLP. */
    private final String items;

    private int events;
    private int eventValues;
    private int values;

    ValueBudget(int maxEvents, int maxValuesPerEvent, int maxValues, String items) {
        this.maxEvents = maxEvents;
        this.maxValuesPerEvent = maxValuesPerEvent;
        this.maxValues = maxValues;
        this.items = items;
    }

    /** The parser starts the next event; 413 once the request holds more than the limit. */
    void nextEvent() {
        if (++events > maxEvents) {
            throw Failure.PAYLOAD_TOO_LARGE.because(
                    "the request has more than " + maxEvents + " " + items + "; the limit is " + maxEvents);
        }
        eventValues = 0;
    }

    /** The parser is about to build one value; 413 once an event or the body holds too many. */
    void value() {
        if (++values > maxValues) {
            throw Failure.PAYLOAD_TOO_LARGE.because(
                    "the body holds more than " + maxValues + " JSON values; the limit is " + maxValues);
        }
        if (events > 0 && ++eventValues > maxValuesPerEvent) {
            throw Failure.PAYLOAD_TOO_LARGE.because("the " + ordinalItem() + " holds more than " + maxValuesPerEvent
                    + " values; the limit is " + maxValuesPerEvent + " per " + item());
        }
    }

    /** Events (or records) begun so far. */
    int events() {
        return events;
    }

    private String item() {
        return items.endsWith("s") ? items.substring(0, items.length() - 1) : items;
    }

    private String ordinalItem() {
        return item() + " at index " + (events - 1);
    }
}
