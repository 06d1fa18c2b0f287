package io.akshybrid.gateway.hashing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as lowercase hex: how cluster and operator tokens are known (regions.yaml's
 * {@code tokenSha256}, {@code gateway.admin.token-sha256}, {@code mint-token}) and how a revision of
 * regions.yaml is named. Pure CPU work.
 */
public final class Sha256 {

    private Sha256() {}

    /** SHA-256 of the UTF-8 bytes of {@code text}, as 64 lowercase hex digits. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(digest(text));
    }

    /** SHA-256 of {@code data}, as 64 lowercase hex digits. */
    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(digest(data));
    }

    /** SHA-256 of the UTF-8 bytes of {@code text}. */
    public static byte[] digest(String text) {
        return digest(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of {@code data}. */
    public static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
