package pog.common.http;

import java.nio.charset.StandardCharsets;

/** A non-JSON (or pre-rendered) response; handlers that return any other object get it as JSON with 200. */
public record Response(int status, String contentType, byte[] body) {
    public static Response text(String contentType, String body) {
        return new Response(200, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response status(int status, String contentType, byte[] body) {
        return new Response(status, contentType, body);
    }
}
