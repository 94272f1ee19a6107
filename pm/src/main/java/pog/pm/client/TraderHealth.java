package pog.pm.client;

import java.util.Map;

/** A trader's {@code GET /api/health} as the contract defines it. */
public record TraderHealth(String service, String instance, Long pid, String version, String venue, String account,
                           Long startedAt, String status, Map<String, Check> checks, Long time) {

    public record Check(boolean ok, String detail, Long observedAt) {
    }

    /** The checks that fail, as "name: detail" joined, or null when all pass. */
    public String failingChecks() {
        if (checks == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        checks.forEach((name, c) -> {
            if (c != null && !c.ok()) {
                b.append(b.length() == 0 ? "" : "; ").append(name).append(c.detail() == null ? "" : ": " + c.detail());
            }
        });
        return b.length() == 0 ? null : b.toString();
    }
}
