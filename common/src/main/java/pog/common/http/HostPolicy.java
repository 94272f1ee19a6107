package pog.common.http;

import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} and {@code Origin} a service answers to: the defence against DNS rebinding, where a page of
 * {@code evil.example} makes its own name resolve to 127.0.0.1 and then reads or steers the service as if it were
 * same-origin. Such a request always carries the attacker's <em>name</em> in {@code Host} (and a matching
 * {@code Origin}), so a name is accepted only when it is {@code localhost} or was configured ({@code hostNames},
 * or the bind address). An IP literal is always accepted: no DNS answer can put one into a browser's {@code Host},
 * and it is what health probes (Kubernetes, load balancers) send. {@code Origin} (on requests that change state) must
 * name an accepted host and this service's port, or a configured {@code name:port}; it is never compared with
 * {@code Host}, which the rebinding page controls just as well.
 */
final class HostPolicy {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*(%[A-Za-z0-9._-]+)?");

    private final Set<String> names = new HashSet<>();
    private final Set<String> authorities = new HashSet<>();

    HostPolicy(String bind, Collection<String> hostNames) {
        names.add("localhost");
        if (bind != null && !bind.isBlank() && !isIpLiteral(bind)) {
            names.add(bind.toLowerCase(Locale.ROOT));
        }
        for (String n : hostNames) {
            String name = n.trim().toLowerCase(Locale.ROOT);
            int colon = name.lastIndexOf(':');
            if (colon > 0 && !name.endsWith("]") && name.indexOf(':') == colon) {
                authorities.add(name);
                names.add(name.substring(0, colon));
            } else if (!name.isEmpty()) {
                names.add(name);
            }
        }
    }

    /** The host part of a {@code Host} header (no port), or null when the client sent none (HTTP/1.0). */
    boolean hostAllowed(String host) {
        if (host == null || host.isEmpty()) {
            return true;
        }
        return nameAllowed(host);
    }

    /** A whole {@code Origin} header; {@code null} (the literal a sandboxed page sends) and garbage are refused. */
    boolean originAllowed(String origin, int localPort) {
        try {
            URI o = new URI(origin);
            String scheme = o.getScheme() == null ? "" : o.getScheme().toLowerCase(Locale.ROOT);
            if (o.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
                return false;
            }
            String host = o.getHost().toLowerCase(Locale.ROOT);
            int port = o.getPort() >= 0 ? o.getPort() : scheme.equals("https") ? 443 : 80;
            if (!nameAllowed(host)) {
                return false;
            }
            return port == localPort || authorities.contains(host + ":" + port);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private boolean nameAllowed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return isIpLiteral(h) || names.contains(h);
    }

    static boolean isIpLiteral(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return IPV4.matcher(h).matches() || IPV6.matcher(h).matches();
    }
}
