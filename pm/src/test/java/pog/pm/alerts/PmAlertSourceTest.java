package pog.pm.alerts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.alerts.AlertView;
import pog.alerts.Notifier;
import pog.common.config.ConfigLoader;
import pog.common.time.ManualClock;
import pog.pm.config.PmConfig;
import pog.pm.portfolio.PortfolioView;
import pog.pm.registry.ServiceView;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What PM's states and portfolio become as alerts, with an exact clock and no channel. */
class PmAlertSourceTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_764_000_000_000L);
    private Notifier notifier;

    @AfterEach
    void close() {
        notifier.close();
    }

    private PmAlerts alerts(String alertsYaml) throws Exception {
        PmConfig pm = ConfigLoader.parse("pm.yaml", ("services:\n  - id: t1\n    baseUrl: http://127.0.0.1:9\n"
                + "    launcher: external\n" + alertsYaml).getBytes(StandardCharsets.UTF_8), PmConfig.class);
        notifier = new Notifier(pm.alerts(), List.of(), dir.resolve("alerts.db"), clock, "pm", null);
        return new PmAlerts(notifier, pm);
    }

    private static ServiceView view(String state, String detail) {
        return new ServiceView("t1", "t1", state, "external", 1L, "i", "http://127.0.0.1:9", 0L, 0L, 0, 0, detail,
                "external", "sim", "a", 1L, null, 0L, null, null, null, false, null);
    }

    private static PortfolioView portfolio(long t, String equity) {
        return new PortfolioView(t, new PortfolioView.Total(equity, new BigDecimal(equity), true, List.of()),
                List.of(new PortfolioView.TraderEquity("t1", "t1", "sim", "HEALTHY", equity, "0", equity, t, false,
                        equity, t, true)), List.of(), 0, 0);
    }

    private List<String> open() throws Exception {
        return notifier.list(50).stream().filter(a -> a.state().equals("open")).map(AlertView::title).toList();
    }

    @Test
    void anEquityDropBeyondTheThresholdIsAnAlertForTheTraderAndThePortfolio() throws Exception {
        PmAlerts a = alerts("alerts:\n  equityDropPercent: 5\n  equityDropWindowMs: 600000\n  resolveAfterMs: 0\n");
        long t = clock.millis();

        a.onPortfolio(portfolio(t, "1000"));
        a.onPortfolio(portfolio(t + 60_000, "951"));
        assertThat(open()).isEmpty();
        a.onPortfolio(portfolio(t + 120_000, "940"));

        assertThat(open()).containsExactlyInAnyOrder("t1: equity down 6.00% within 10 min",
                "the portfolio: equity down 6.00% within 10 min");
        assertThat(notifier.list(1).get(0).happened()).startsWith("equity 940, from 1000 at ");

        a.onPortfolio(portfolio(t + 180_000, "990"));
        assertThat(open()).isEmpty();
    }

    @Test
    void noEquityAlertsWhenTheKeyIsAbsent() throws Exception {
        PmAlerts a = alerts("");

        a.onPortfolio(portfolio(clock.millis(), "1000"));
        a.onPortfolio(portfolio(clock.millis() + 1, "1"));

        assertThat(notifier.list(10)).isEmpty();
    }

    @Test
    void downThenAnsweringIsOneAlertThatResolves() throws Exception {
        PmAlerts a = alerts("alerts:\n  resolveAfterMs: 0\n");

        a.onService(view("DOWN", "process 1 is gone"));
        assertThat(open()).containsExactly("t1 is DOWN");
        assertThat(notifier.list(1).get(0).action()).isEqualTo("nothing: PM only watches this trader (launcher external)");

        a.onService(view("HEALTHY", "ok"));
        assertThat(open()).isEmpty();
        assertThat(notifier.list(10)).singleElement().satisfies(x -> assertThat(x.state()).isEqualTo("resolved"));
    }

    @Test
    void aHaltIsAWarningAndItsResumeResolvesIt() throws Exception {
        PmAlerts a = alerts("alerts:\n  resolveAfterMs: 0\n");

        a.onService(view("HALTED", "halted: daily loss limit reached"));
        assertThat(notifier.list(1).get(0).severity()).isEqualTo("warning");
        assertThat(open()).containsExactly("t1 halted by its risk limits");

        a.onService(view("HEALTHY", "ok"));
        assertThat(open()).isEmpty();
    }
}
