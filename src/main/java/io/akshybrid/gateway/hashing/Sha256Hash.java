package io.akshybrid.gateway.hashing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * A SHA-256 value held as its 32 bytes (four longs) rather than as 64 hex characters: a region map
 * of 100,000 clusters keeps one or two of these per cluster and indexes clusters by them, so the form
 * matters for its heap. Immutable; equal when the bytes are equal. Pure CPU work.
 */
public final class Sha256Hash {

    private final long a;
    private final long b;
    private final long c;
    private final long d;

    private Sha256Hash(long a, long b, long c, long d) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
    }

    /** From the 32 bytes of a digest. */
    public static Sha256Hash of(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 value has 32 bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(digest);
        return new Sha256Hash(buf.getLong(), buf.getLong(), buf.getLong(), buf.getLong());
    }

    /** From 64 hex digits (either case). */
    public static Sha256Hash ofHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    /** The SHA-256 of {@code data}. */
    public static Sha256Hash digest(byte[] data) {
        return of(Sha256.digest(data));
    }

    public byte[] bytes() {
        return ByteBuffer.allocate(32)
                .putLong(a)
                .putLong(b)
                .putLong(c)
                .putLong(d)
                .array();
    }

    /** Equal in time that does not depend on where the values differ. */
    public boolean equalsInConstantTime(byte[] digest) {
        return MessageDigest.isEqual(bytes(), digest);
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sha256Hash h && a == h.a && b == h.b && c == h.c && d == h.d;
    }

    @Override
    public int hashCode() {
        // The bytes of a digest are uniformly distributed; the first ones make a fine hash code.
        return (int) (a ^ (a >>> 32));
    }

    @Override
    public String toString() {
        return hex();
    }
}
