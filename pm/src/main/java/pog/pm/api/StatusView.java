package pog.pm.api;

/** {@code GET /api/status}: PM itself. */
public record StatusView(String service, String instance, long pid, String version, long startedAt, String monitor,
                         long time) {
}
