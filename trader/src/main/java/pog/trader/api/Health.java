package pog.trader.api;

import pog.trader.engine.Check;

import java.util.Map;

/** {@code GET /api/health}: who this process is, and checks measured at the moment of the request. */
public record Health(String service, String instance, long pid, String version, String venue, String account,
                     long startedAt, String status, String strategy, boolean paused, String haltReason,
                     Map<String, Check> checks, long time) {
}
