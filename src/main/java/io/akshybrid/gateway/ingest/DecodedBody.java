package io.akshybrid.gateway.ingest;

import io.akshybrid.gateway.failure.Failure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A request body as the parsers read it: the bytes on the wire, inflated on demand when the body is
 * gzip. Inflation is lazy, so a parser that stops early (its {@link ValueBudget} is spent) never
 * inflates the rest, and it is bounded: reading past {@code maxInflated} bytes fails with 413, so a
 * gzip bomb stops at the limit. Counts what was read, for the rate limit's charge of a refused body.
 * Not thread-safe: one per request.
 */
final class DecodedBody extends InputStream {

    private final InputStream in;
    private final int maxInflated;
    private final boolean gzip;
    private long read;

    private DecodedBody(InputStream in, int maxInflated, boolean gzip) {
        this.in = in;
        this.maxInflated = maxInflated;
        this.gzip = gzip;
    }

    /**
     * The body, decoded by its {@code Content-Encoding}: 413 when it is over {@code maxWire} bytes,
     * 415 for an encoding other than gzip or identity.
     */
    static DecodedBody of(String contentEncoding, byte[] body, int maxWire, int maxInflated) {
        if (body.length > maxWire) {
            throw Failure.PAYLOAD_TOO_LARGE.because(
                    "the body is " + body.length + " bytes; the limit is " + maxWire + " bytes on the wire");
        }
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> new DecodedBody(new ByteArrayInputStream(body), maxInflated, false);
            case "gzip", "x-gzip" -> new DecodedBody(gunzip(body), maxInflated, true);
            default ->
                throw Failure.UNSUPPORTED_MEDIA_TYPE.because(
                        "Content-Encoding must be gzip or absent, not " + contentEncoding);
        };
    }

    private static InputStream gunzip(byte[] body) {
        try {
            return new GZIPInputStream(new ByteArrayInputStream(body), 8192);
        } catch (IOException e) { // the header is read at once
            throw Failure.MALFORMED_BODY.because("the body is not valid gzip");
        }
    }

    /** Whether the body is compressed: a small one may still inflate into a large one. */
    boolean compressed() {
        return gzip;
    }

    /** Bytes handed to the parser so far, after inflation. */
    long bytesRead() {
        return read;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, (int) Math.min(len, maxInflated - read + 1));
        if (n > 0) {
            read += n;
            if (read > maxInflated) {
                throw Failure.PAYLOAD_TOO_LARGE.because("the body inflates to more than " + maxInflated + " bytes");
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
