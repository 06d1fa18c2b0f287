package io.akshybrid.gateway.ingest;

import io.akshybrid.gateway.failure.Failure;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A request body as the parsers read it: the bytes on the wire, inflated on demand when the body is
 * gzip. Inflation is lazy, so a parser that stops early (its {@link ValueBudget} is spent) never
 * inflates the rest, and it is bounded: reading past the limit fails with 413, so a gzip bomb stops
 * at the limit. Counts what was read, for the rate limit's charge. Not thread-safe: one per attempt
 * to read a request.
 *
 * <p>gzip is read with Apache Commons Compress rather than the JDK's {@code GZIPInputStream}, which
 * reads each further member of a concatenated stream (RFC 1952 allows any number) one stack frame
 * deeper: a 200 KB body of ten thousand empty members overflowed the stack.
 */
final class DecodedBody extends InputStream {

    /**
     * Thrown by a body opened for the event loop ({@link #inline}) once it inflates past the inline
     * size: the caller starts again on a parse worker. Carries no stack trace; it is control flow.
     */
    static final class TooLargeToInline extends RuntimeException {
        TooLargeToInline() {
            super("inflates past the inline size", null, false, false);
        }
    }

    /** The encoding of a body on the wire. */
    enum Encoding {
        IDENTITY,
        GZIP
    }

    private final InputStream in;
    private final long limit;
    private final boolean inline;
    private long read;

    private DecodedBody(InputStream in, long limit, boolean inline) {
        this.in = in;
        this.limit = limit;
        this.inline = inline;
    }

    /**
     * The encoding of a body from its {@code Content-Encoding}: 413 when it is over {@code maxWire}
     * bytes, 415 for an encoding other than gzip or identity.
     */
    static Encoding encoding(String contentEncoding, byte[] body, int maxWire) {
        if (body.length > maxWire) {
            throw Failure.PAYLOAD_TOO_LARGE.because(
                    "the body is " + body.length + " bytes; the limit is " + maxWire + " bytes on the wire");
        }
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> Encoding.IDENTITY;
            case "gzip", "x-gzip" -> Encoding.GZIP;
            default ->
                throw Failure.UNSUPPORTED_MEDIA_TYPE.because(
                        "Content-Encoding must be gzip or absent, not " + contentEncoding);
        };
    }

    /** The body, inflated as it is read, failing with 413 past {@code maxInflated} bytes. */
    static DecodedBody open(Encoding encoding, byte[] body, int maxInflated) {
        return new DecodedBody(stream(encoding, body), maxInflated, false);
    }

    /**
     * The body for the event loop: as {@link #open}, but past {@code inlineBytes} inflated it throws
     * {@link TooLargeToInline}, so that a small gzip body that inflates into a large one moves to a
     * parse worker before it costs the event loop more than a small body would.
     */
    static DecodedBody inline(Encoding encoding, byte[] body, int inlineBytes) {
        return new DecodedBody(stream(encoding, body), inlineBytes, true);
    }

    private static InputStream stream(Encoding encoding, byte[] body) {
        InputStream raw = new ByteArrayInputStream(body);
        if (encoding == Encoding.IDENTITY) {
            return raw;
        }
        try {
            return new GzipCompressorInputStream(raw, true);
        } catch (IOException e) { // the first member's header is read at once
            throw Failure.MALFORMED_BODY.because("the body is not valid gzip");
        }
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
        int n = in.read(b, off, (int) Math.min(len, limit - read + 1));
        if (n > 0) {
            read += n;
            if (read > limit) {
                if (inline) {
                    throw new TooLargeToInline();
                }
                throw Failure.PAYLOAD_TOO_LARGE.because("the body inflates to more than " + limit + " bytes");
            }
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
