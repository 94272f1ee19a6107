package pog.trader.api;

/** What makes this process this process: PM compares these before adopting it. */
public record Identity(String service, String instance, long pid, String version, String venue, String account,
                       long startedAt) {
}
