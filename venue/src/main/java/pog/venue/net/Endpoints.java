package pog.venue.net;

import java.net.URI;

/** A venue's URLs from a config: the REST root tidied, and the WebSocket URL derived from it as the SDKs do. */
public final class Endpoints {
    private Endpoints() {
    }

    /** {@code url} trimmed and without a trailing slash; {@code fallback} when blank. Throws on a malformed URL. */
    public static String base(String url, String fallback) {
        String base = stripSlash(url == null || url.isBlank() ? fallback : url.trim());
        URI.create(base);
        return base;
    }

    /** {@code wsUrl} when given, else {@code http://h:p/x} -> {@code ws://h:p/x<path>} (https -> wss). */
    public static String ws(String wsUrl, String baseUrl, String path) {
        if (wsUrl != null && !wsUrl.isBlank()) {
            URI.create(wsUrl.trim());
            return wsUrl.trim();
        }
        String base = stripSlash(baseUrl);
        if (base.startsWith("https://")) {
            return "wss://" + base.substring("https://".length()) + path;
        }
        if (base.startsWith("http://")) {
            return "ws://" + base.substring("http://".length()) + path;
        }
        throw new IllegalArgumentException("baseUrl must start with http:// or https://, got " + baseUrl);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
