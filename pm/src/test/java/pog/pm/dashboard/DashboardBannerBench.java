package pog.pm.dashboard;

import pog.pm.Procs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PM death to "PM API UNREACHABLE" on screen, with the dashboard's defaults (not a test; nothing asserted):
 * a real PM JVM, one fake trader, headless chromium; PM is killed with SIGKILL (and, separately, frozen with
 * SIGSTOP, which leaves its sockets open so only the missing heartbeats tell) and started again, N times.
 * The page stamps the first animation frame that shows the banner; the harness stamps the signal.
 * {@code java -cp <pm test classpath> pog.pm.dashboard.DashboardBannerBench [N]}
 */
public final class DashboardBannerBench {
    private static final String OBSERVE = """
            const banner = document.getElementById('banner');
            window.__bannerAt = null;
            if (!window.__observed) {
              window.__observed = true;
              new MutationObserver(() => {
                if (!banner.hidden && window.__bannerAt === null) {
                  requestAnimationFrame(() => { if (window.__bannerAt === null) window.__bannerAt = Date.now(); });
                }
              }).observe(banner, { attributes: true });
            }
            """;

    private DashboardBannerBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("dashboard-bench");
        try (PmUnderTest pm = new PmUnderTest(dir).trader("t1", "Trader one");
             Browser browser = Browser.start()) {
            pm.start();
            browser.open(pm.url());
            List<Long> killed = new ArrayList<>();
            List<Long> frozen = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                awaitLive(browser);
                browser.js(OBSERVE);
                long t0 = System.currentTimeMillis();
                pm.kill9();
                killed.add(bannerAt(browser) - t0);
                pm.start();
            }
            for (int i = 0; i < n; i++) {
                awaitLive(browser);
                browser.js(OBSERVE);
                long t0 = System.currentTimeMillis();
                Procs.signal(pm.pm.pid(), "STOP");
                frozen.add(bannerAt(browser) - t0);
                Procs.signal(pm.pm.pid(), "CONT");
            }
            awaitLive(browser);
            System.out.println("PM kill -9 -> banner visible: " + summary(killed));
            System.out.println("PM frozen (SIGSTOP) -> banner visible: " + summary(frozen));
        } finally {
            Procs.killAll();
        }
        System.exit(0);
    }

    private static void awaitLive(Browser b) throws InterruptedException {
        b.await(Duration.ofSeconds(30), d -> b.find("#link-state").getText().equals("Live")
                && !b.find("#banner").isDisplayed());
        // a settled page: the stream open and a few heartbeats in
        Thread.sleep(2_000);
    }

    private static long bannerAt(Browser b) {
        return b.await(Duration.ofSeconds(15), d -> {
            Object at = b.js("return window.__bannerAt");
            return at == null ? null : ((Number) at).longValue();
        });
    }

    private static String summary(List<Long> ms) {
        List<Long> s = new ArrayList<>(ms);
        Collections.sort(s);
        return "n=" + s.size() + " median=" + (s.get((s.size() - 1) / 2) + s.get(s.size() / 2)) / 2 + " ms max=" + s.get(s.size() - 1) + " ms min="
                + s.get(0) + " ms all=" + ms;
    }
}
