package pog.pm.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pog.common.auth.ControlToken;
import pog.common.http.HttpService;
import pog.common.http.Response;
import pog.contract.AccountView;
import pog.contract.Fixtures;
import pog.contract.Health;
import pog.contract.PositionView;
import pog.pm.Procs;
import pog.pm.registry.ServiceHealth;
import pog.pm.registry.ServiceState;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PM reads the contract's fixtures, served over HTTP as a trader serves them, with every value where PM uses it. The
 * trader's own test pins that it serves exactly these fields, so together they pin the wire between the two.
 */
class TraderContractTest {
    private final TraderClient client = new TraderClient(Duration.ofSeconds(2), ControlToken.of(Procs.TOKEN));

    @AfterEach
    void close() {
        client.close();
    }

    private static HttpService trader() throws Exception {
        return HttpService.builder().bind("127.0.0.1", 0)
                .get("/api/health", r -> json(Fixtures.HEALTH))
                .get("/api/positions", r -> json(Fixtures.POSITIONS))
                .get("/api/account", r -> json(Fixtures.ACCOUNT))
                .start();
    }

    private static Response json(String fixture) {
        return Response.text("application/json", Fixtures.text(fixture));
    }

    @Test
    void healthFixtureReadsAsAHaltedTraderWhoseFailingProtectionCheckMakesItDegraded() throws Exception {
        try (HttpService trader = trader()) {
            HealthProbe probe = client.health(trader.baseUrl()).join();
            assertThat(probe.kind()).isEqualTo(HealthProbe.Kind.ANSWERED);
            Health h = probe.health();
            assertThat(h.service()).isEqualTo("trader-hl");
            assertThat(h.pid()).isEqualTo(41234L);
            assertThat(h.venue()).isEqualTo("hyperliquid");
            assertThat(h.startedAt()).isEqualTo(1_800_000_000_000L);
            assertThat(h.paused()).isFalse();
            assertThat(h.checks().get("protection").ok()).isFalse();

            ServiceHealth.Verdict v = ServiceHealth.judge(h);
            assertThat(v.state()).as("a failing check wins over the halt").isEqualTo(ServiceState.DEGRADED);
            assertThat(v.detail()).isEqualTo("status halted: protection: 1 position(s) without a verified stop; "
                    + "halted: " + h.haltReason());
        }
    }

    @Test
    void positionsFixtureReadsWithEachPositionsProtection() throws Exception {
        try (HttpService trader = trader()) {
            List<PositionView> ps = client.positions(trader.baseUrl()).join();
            assertThat(ps).extracting(PositionView::symbol).containsExactly("BTC", "ETH");
            PositionView btc = ps.get(0);
            assertThat(btc.protectedByStop()).isTrue();
            assertThat(btc.size()).isEqualTo(new BigDecimal("0.015"));
            assertThat(btc.protection().state()).isEqualTo(PositionView.Protection.VERIFIED);
            assertThat(btc.protection().stopOrderId()).isEqualTo("7713");
            assertThat(btc.protection().triggerPrice()).isEqualTo(new BigDecimal("59522.3"));
            assertThat(btc.protection().verifiedAt()).isEqualTo(1_800_000_599_800L);
            PositionView eth = ps.get(1);
            assertThat(eth.protectedByStop()).isFalse();
            assertThat(eth.protection().state()).isEqualTo(PositionView.Protection.MISSING);
            assertThat(eth.protection().verifiedAt()).isEqualTo(1_800_000_590_100L);
        }
    }

    @Test
    void accountFixtureReadsEveryAmountExactly() throws Exception {
        try (HttpService trader = trader()) {
            AccountView a = client.account(trader.baseUrl()).join();
            assertThat(a.equity()).isEqualTo(new BigDecimal("10006.4935"));
            assertThat(a.marginUsed()).isEqualTo(new BigDecimal("216.73"));
            assertThat(a.available()).isEqualTo(new BigDecimal("9789.7635"));
            assertThat(a.unrealizedPnl()).isEqualTo(new BigDecimal("6.4935"));
            assertThat(a.observedAt()).isEqualTo(1_800_000_599_800L);
        }
    }
}
