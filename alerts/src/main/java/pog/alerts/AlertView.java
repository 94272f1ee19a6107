package pog.alerts;

import java.util.List;

/**
 * One alert on the wire ({@code GET /api/alerts}); {@code deliveries} holds each channel's latest outcome for it.
 * {@code note} says why it was not sent, when it was not (below minSeverity, rate limit).
 */
public record AlertView(String id, long time, String severity, String source, String title, String state,
                        List<Delivery> deliveries, int count, String happened, String action, long updatedAt,
                        Long resolvedAt, Long ackedAt, String note) {

    public record Delivery(String channel, boolean ok, String detail) {
    }
}
