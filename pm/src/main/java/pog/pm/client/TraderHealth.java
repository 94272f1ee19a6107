package pog.pm.client;

import java.util.Map;

/**
 * A trader's {@code GET /api/health} as the contract defines it. {@code status} is {@code ok|degraded|halted|paused};
 * older traders say {@code halted} for a pause too and tell them apart by {@code paused} and {@code haltReason}.
 */
public record TraderHealth(String service, String instance, Long pid, String version, String venue, String account,
                           Long startedAt, String status, Map<String, Check> checks, Long time, Boolean paused,
                           String haltReason) {

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
