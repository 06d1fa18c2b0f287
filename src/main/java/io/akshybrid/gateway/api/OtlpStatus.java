package io.akshybrid.gateway.api;

import com.google.protobuf.CodedOutputStream;
import io.akshybrid.gateway.failure.Failure;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A whole-request failure of {@code POST /v1/logs} as OTLP/HTTP wants it: a {@code google.rpc.Status}
 * ({@code code}, {@code message}) in the request's encoding, with the HTTP status and Retry-After of
 * the failure. The message is the gateway's own detail, as in its problem+json answers elsewhere.
 */
final class OtlpStatus {

    private OtlpStatus() {}

    /** The gRPC status code OTLP pairs with an HTTP status. */
    static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413, 415 -> 3; // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 403 -> 7; // PERMISSION_DENIED
            case 404 -> 5; // NOT_FOUND
            case 408 -> 4; // DEADLINE_EXCEEDED
            case 429 -> 8; // RESOURCE_EXHAUSTED
            case 501 -> 12; // UNIMPLEMENTED
            case 503 -> 14; // UNAVAILABLE
            default -> 13; // INTERNAL
        };
    }

    /** The body; protobuf unless the request was JSON. */
    static byte[] body(Failure f, String message, boolean json) {
        int code = grpcCode(f.status);
        if (json) {
            return new JsonObject()
                    .put("code", code)
                    .put("message", message)
                    .encode()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a request's Content-Type asks for OTLP's JSON (anything else is answered in protobuf). */
    static boolean wantsJson(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase("application/json");
    }
}
