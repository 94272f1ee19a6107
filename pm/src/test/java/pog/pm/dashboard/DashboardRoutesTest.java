package pog.pm.dashboard;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.common.http.HttpService;
import pog.pm.api.DashboardRoutes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** PM serves the dashboard from its own jar: the page, its modules, and uPlot from the WebJar; nothing else. */
class DashboardRoutesTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private HttpService server;

    @BeforeEach
    void start() throws Exception {
        server = DashboardRoutes.register(HttpService.builder().bind("127.0.0.1", 0)).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void shouldServeThePageAndItsModulesWithTheirTypesAndNeverFromACache() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(type(page)).isEqualTo("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).contains("PM API UNREACHABLE", "/dashboard/app.js")
                .doesNotContain("http://", "https://");
        for (String module : new String[] {"app.js", "link.js", "control.js", "chart.js", "format.js"}) {
            HttpResponse<String> r = get("/dashboard/" + module);
            assertThat(r.statusCode()).as(module).isEqualTo(200);
            assertThat(type(r)).as(module).isEqualTo("text/javascript; charset=utf-8");
            assertThat(r.body()).as(module + " loads nothing from another origin").doesNotContain("https://");
        }
        assertThat(type(get("/dashboard/app.css"))).isEqualTo("text/css; charset=utf-8");
        assertThat(type(get("/dashboard/icon.svg"))).isEqualTo("image/svg+xml");
    }

    @Test
    void shouldServeUplotFromItsWebJar() throws Exception {
        HttpResponse<String> js = get("/dashboard/vendor/uPlot.esm.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(type(js)).isEqualTo("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("export { uPlot as default }");
        HttpResponse<String> css = get("/dashboard/vendor/uPlot.min.css");
        assertThat(type(css)).isEqualTo("text/css; charset=utf-8");
        assertThat(css.body()).contains(".uplot");
    }

    @Test
    void shouldAnswerUnknownOrCraftedNamesWith404Json() throws Exception {
        for (String path : new String[] {"/dashboard/nope.js", "/dashboard/..%2Fpm.yaml", "/dashboard/.hidden.js",
                "/dashboard/app.JS", "/dashboard/vendor/uPlot.cjs.js", "/dashboard/vendor/LICENSE",
                "/dashboard/PmApi.class"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(type(r)).as(path).startsWith("application/json");
            assertThat(r.body()).as(path).contains("\"error\"");
        }
    }
}
