package pog.pm.registry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One machine traders run on, as PM measures it ({@code GET /api/hosts}): reachable when one of its traders answered
 * its last check; unreachable since the moment every one of them stopped answering; null (not known yet) before
 * any check. PM's own machine ("local") is never unreachable: there a silent trader is a process matter.
 */
public record HostView(String host, boolean remote, Boolean reachable, Long unreachableSince, List<String> services,
                       int unknown, String detail) {
    private static final DateTimeFormatter HHMMSS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** Groups service views by host, in the order their first trader is configured. */
    public static List<HostView> of(List<ServiceView> services) {
        Map<String, List<ServiceView>> byHost = new LinkedHashMap<>();
        for (ServiceView s : services) {
            byHost.computeIfAbsent(s.host(), h -> new ArrayList<>()).add(s);
        }
        List<HostView> out = new ArrayList<>(byHost.size());
        byHost.forEach((host, list) -> out.add(one(host, list)));
        return out;
    }

    private static HostView one(String host, List<ServiceView> list) {
        boolean remote = list.stream().anyMatch(ServiceView::remote);
        List<String> ids = list.stream().map(ServiceView::id).toList();
        int unknown = (int) list.stream().filter(s -> ServiceState.UNKNOWN.name().equals(s.state())).count();
        if (!remote) {
            return new HostView(host, false, true, null, ids, unknown, null);
        }
        boolean anyAnswered = list.stream().anyMatch(s -> s.lastOkAt() != null && s.unreachableSince() == null);
        boolean allCut = list.stream().allMatch(s -> s.unreachableSince() != null);
        if (allCut) {
            long since = list.stream().mapToLong(ServiceView::unreachableSince).min().orElseThrow();
            String detail = "host " + host + " unreachable since " + HHMMSS.format(Instant.ofEpochMilli(since))
                    + " UTC: its " + (list.size() == 1 ? "trader" : list.size() + " traders") + " "
                    + (unknown == list.size() ? "Unknown" : unknown + " Unknown");
            return new HostView(host, true, false, since, ids, unknown, detail);
        }
        return new HostView(host, true, anyAnswered ? Boolean.TRUE : null, null, ids, unknown,
                anyAnswered ? null : "host " + host + " not checked yet");
    }
}
