package pog.alerts;

import pog.common.config.Validator;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code alerts} block, the same in PM's and every trader's config (docs/alerts.md).
 *
 * @param minSeverity         alerts below it are recorded but not sent; a resolve goes wherever its alert went
 * @param channels            where alerts go; none means alerts are only recorded (and shown on the dashboard)
 * @param nobodyWatchingMs    trader only: alert when no PM has polled it this long; off when absent
 * @param dashboardUrl        the link in every alert (default: PM's own address)
 * @param resolveAfterMs      a condition must stay clear this long before its resolve is sent (a crash loop that
 *                            comes back within it stays one alert)
 * @param unprotectedAfterMs  a position may lack its stop this long (the trader re-places it) before it is an alert
 * @param degradedAfterMs     a venue unreachable or a stale stream for this long is an alert
 * @param maxPerSourcePerHour new alerts from one source beyond this many an hour are recorded, not sent
 * @param equityDropPercent   PM only: alert when a trader's (or the portfolio's) equity falls this many percent below
 *                            its highest value within {@code equityDropWindowMs}; off when absent
 * @param equityDropWindowMs  the window of that comparison
 */
public record AlertsConfig(Severity minSeverity, List<ChannelConfig> channels, Long nobodyWatchingMs,
                           String dashboardUrl, Long resolveAfterMs, Long unprotectedAfterMs, Long degradedAfterMs,
                           Integer maxPerSourcePerHour, java.math.BigDecimal equityDropPercent,
                           Long equityDropWindowMs) {
    public static final AlertsConfig NONE = new AlertsConfig(null, null, null, null, null, null, null, null, null,
            null);
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public AlertsConfig {
        minSeverity = minSeverity == null ? Severity.WARNING : minSeverity;
        channels = channels == null ? List.of() : java.util.Collections.unmodifiableList(new ArrayList<>(channels));
        resolveAfterMs = resolveAfterMs == null ? 30_000L : resolveAfterMs;
        unprotectedAfterMs = unprotectedAfterMs == null ? 5_000L : unprotectedAfterMs;
        degradedAfterMs = degradedAfterMs == null ? 60_000L : degradedAfterMs;
        maxPerSourcePerHour = maxPerSourcePerHour == null ? 20 : maxPerSourcePerHour;
        equityDropWindowMs = equityDropWindowMs == null ? 3_600_000L : equityDropWindowMs;
    }

    /**
     * Checks every key and replaces each {@code ${NAME}} with the environment's value; returns the resolved block.
     * A variable that is not set is a config error naming the key and the variable.
     *
     * @param prefix the block's key in its file, e.g. {@code alerts}
     */
    public AlertsConfig resolve(Validator v, String prefix, Map<String, String> env) {
        if (nobodyWatchingMs != null) {
            v.positive(prefix + ".nobodyWatchingMs", nobodyWatchingMs);
        }
        v.check(resolveAfterMs >= 0, prefix + ".resolveAfterMs", "must be 0 or more, got " + resolveAfterMs);
        v.check(unprotectedAfterMs >= 0, prefix + ".unprotectedAfterMs", "must be 0 or more, got " + unprotectedAfterMs);
        v.check(degradedAfterMs >= 0, prefix + ".degradedAfterMs", "must be 0 or more, got " + degradedAfterMs);
        v.positive(prefix + ".maxPerSourcePerHour", maxPerSourcePerHour);
        if (equityDropPercent != null) {
            v.positive(prefix + ".equityDropPercent", equityDropPercent);
            v.check(equityDropPercent.compareTo(java.math.BigDecimal.valueOf(100)) < 0, prefix + ".equityDropPercent",
                    "must be below 100, got " + equityDropPercent.toPlainString());
        }
        v.positive(prefix + ".equityDropWindowMs", equityDropWindowMs);
        String link = dashboardUrl == null ? null : substitute(v, prefix + ".dashboardUrl", dashboardUrl, env);
        if (link != null) {
            httpUrl(v, prefix + ".dashboardUrl", link);
        }
        List<ChannelConfig> resolved = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < channels.size(); i++) {
            String k = prefix + ".channels[" + i + "]";
            ChannelConfig c = channels.get(i);
            v.check(c != null, k, "is empty");
            Map<String, String> s = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : c.strings().entrySet()) {
                s.put(e.getKey(), e.getValue() == null ? null : substitute(v, k + "." + e.getKey(), e.getValue(), env));
            }
            if (s.get("name") == null || s.get("name").isBlank()) {
                String n = c.type();
                for (int j = 2; names.contains(n); j++) {
                    n = c.type() + "-" + j;
                }
                s.put("name", n);
            }
            v.check(s.get("name").matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), k + ".name",
                    "must be letters, digits, '.', '_' or '-' (at most 64), got '" + s.get("name") + "'");
            v.check(names.add(s.get("name")), k + ".name", "two channels are both named '" + s.get("name")
                    + "'; give one a different name");
            ChannelConfig r = c.with(s);
            check(v, k, r);
            resolved.add(r);
        }
        return new AlertsConfig(minSeverity, resolved, nobodyWatchingMs, link, resolveAfterMs, unprotectedAfterMs,
                degradedAfterMs, maxPerSourcePerHour, equityDropPercent, equityDropWindowMs);
    }

    /** Every secret of every channel, for masking. */
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (ChannelConfig c : channels) {
            out.addAll(c.secrets());
        }
        return out;
    }

    private static void check(Validator v, String k, ChannelConfig c) {
        if (c instanceof ChannelConfig.Webhook w) {
            httpUrl(v, k + ".url", v.required(k + ".url", w.url()));
        } else if (c instanceof ChannelConfig.Telegram t) {
            v.required(k + ".botToken", t.botToken());
            v.required(k + ".chatId", t.chatId());
            httpUrl(v, k + ".baseUrl", t.baseUrl());
        } else if (c instanceof ChannelConfig.Discord d) {
            httpUrl(v, k + ".url", v.required(k + ".url", d.url()));
        } else if (c instanceof ChannelConfig.Slack s) {
            httpUrl(v, k + ".url", v.required(k + ".url", s.url()));
        } else if (c instanceof ChannelConfig.Ntfy n) {
            httpUrl(v, k + ".baseUrl", n.baseUrl());
            v.check(v.required(k + ".topic", n.topic()).matches("[A-Za-z0-9_-]{1,64}"), k + ".topic",
                    "must be letters, digits, '_' or '-' (at most 64)");
        } else if (c instanceof ChannelConfig.Email e) {
            v.required(k + ".host", e.host());
            v.port(k + ".port", e.port());
            v.check(e.port() > 0, k + ".port", "must be a port between 1 and 65535, got " + e.port());
            v.required(k + ".from", e.from());
            v.required(k + ".to", e.to());
            for (int i = 0; i < e.to().size(); i++) {
                v.check(e.to().get(i) != null && e.to().get(i).contains("@"), k + ".to[" + i + "]",
                        "must be an e-mail address, got '" + e.to().get(i) + "'");
            }
            v.check((e.username() == null) == (e.password() == null), k + (e.username() == null ? ".username"
                    : ".password"), "is required when " + (e.username() == null ? "password" : "username")
                    + " is set (SMTP AUTH needs both)");
        }
    }

    private static void httpUrl(Validator v, String key, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw v.error(key, "is not a URL");
        }
        v.check(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null, key,
                "must be an http(s) URL with a host");
    }

    /** Replaces each {@code ${NAME}}; never puts the value into an error message. */
    static String substitute(Validator v, String key, String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                throw v.error(key, "refers to ${" + m.group(1) + "}, which is not set in the environment");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(value));
        }
        m.appendTail(b);
        return b.toString();
    }
}
