package pog.pm.api;

import pog.common.http.ApiException;
import pog.common.http.HttpService;
import pog.common.http.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's files: {@code GET /} is the page, {@code /dashboard/<file>} its scripts and styles (plain files
 * from {@code resources/dashboard/}, no build step), {@code /dashboard/vendor/<file>} the chart library from the
 * uPlot WebJar on the classpath (no CDN: the page works offline). Only known names are served, never a path.
 *
 * <p>Every answer carries {@code Cache-Control: no-store} (set by {@link HttpService} for all routes), which is what
 * a page that must never show old data wants: after PM is upgraded or comes back, a reload can never mix old scripts
 * with a new API. The files are small and read from the jar once.
 */
public final class DashboardRoutes {
    private static final String ROOT = "dashboard/";
    private static final String WEBJAR = "org.webjars.npm/uplot";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /** The only vendor files the page uses, by the name it asks for, mapped to their place in the WebJar. */
    private static final Map<String, String> VENDOR = Map.of(
            "uPlot.esm.js", "dist/uPlot.esm.js",
            "uPlot.min.css", "dist/uPlot.min.css");
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private DashboardRoutes() {
    }

    /** Adds the dashboard's three routes to PM's server. */
    public static HttpService.Builder register(HttpService.Builder builder) {
        return builder
                .get("/", r -> file("index.html"))
                .get("/dashboard/{file}", r -> file(r.pathParam("file")))
                .get("/dashboard/vendor/{file}", r -> vendor(r.pathParam("file")));
    }

    static Response file(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.notFound("no dashboard file '" + name + "'");
        }
        byte[] body = read(ROOT + name).orElseThrow(() -> ApiException.notFound("no dashboard file '" + name + "'"));
        return Response.status(200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), body);
    }

    static Response vendor(String name) {
        String inJar = VENDOR.get(name);
        String version = uplotVersion().orElse(null);
        if (inJar == null || version == null) {
            throw ApiException.notFound(inJar == null ? "no vendor file '" + name + "'"
                    : "the uPlot WebJar is not on PM's classpath");
        }
        byte[] body = read("META-INF/resources/webjars/uplot/" + version + "/" + inJar)
                .orElseThrow(() -> ApiException.notFound("'" + name + "' missing from the uPlot " + version + " WebJar"));
        return Response.status(200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), body);
    }

    /** The WebJar's version from its Maven metadata, so a version bump in the pom needs no code change. */
    static Optional<String> uplotVersion() {
        return read("META-INF/maven/" + WEBJAR + "/pom.properties").map(bytes -> {
            Properties p = new Properties();
            try {
                p.load(new java.io.ByteArrayInputStream(bytes));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("version");
        });
    }

    private static Optional<byte[]> read(String resource) {
        byte[] cached = CACHE.get(resource);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            CACHE.put(resource, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + " from PM's jar", e);
        }
    }
}
