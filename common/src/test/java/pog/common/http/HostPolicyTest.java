package pog.common.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostPolicyTest {
    @Test
    void loopbackNamesAndEveryIpLiteralAreAcceptedByDefault() {
        HostPolicy p = new HostPolicy("0.0.0.0", List.of());
        for (String host : List.of("localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.8.9.10", "[::1]", "::1",
                "192.168.1.20", "[fe80::1]")) {
            assertThat(p.hostAllowed(host)).as(host).isTrue();
        }
        assertThat(p.hostAllowed(null)).as("HTTP/1.0 without Host").isTrue();
    }

    @Test
    void aRebindingNameIsRefusedUnlessConfigured() {
        HostPolicy p = new HostPolicy("127.0.0.1", List.of("pm.lan"));
        assertThat(p.hostAllowed("evil.example")).isFalse();
        assertThat(p.hostAllowed("localhost.evil.example")).isFalse();
        assertThat(p.hostAllowed("127.0.0.1.evil.example")).isFalse();
        assertThat(p.hostAllowed("[evil.example]")).isFalse();
        assertThat(p.hostAllowed("face:evil")).isFalse();
        assertThat(p.hostAllowed("pm.lan")).isTrue();
        assertThat(p.hostAllowed("PM.LAN")).isTrue();
    }

    @Test
    void aBindNameIsAcceptedAndAWildcardBindAddsNothing() {
        assertThat(new HostPolicy("trader-paper", List.of()).hostAllowed("trader-paper")).isTrue();
        assertThat(new HostPolicy("::", List.of()).hostAllowed("trader-paper")).isFalse();
    }

    @Test
    void originMustNameAnAcceptedHostAndThisPort() {
        HostPolicy p = new HostPolicy("127.0.0.1", List.of("pm.example.com:443"));
        assertThat(p.originAllowed("http://127.0.0.1:9004", 9004)).isTrue();
        assertThat(p.originAllowed("http://localhost:9004", 9004)).isTrue();
        assertThat(p.originAllowed("http://localhost:9005", 9004)).isFalse();
        assertThat(p.originAllowed("http://evil.example:9004", 9004)).isFalse();
        assertThat(p.originAllowed("https://pm.example.com", 9004)).isTrue();
        assertThat(p.originAllowed("http://pm.example.com", 9004)).isFalse();
        assertThat(p.originAllowed("null", 9004)).isFalse();
        assertThat(p.originAllowed("file://", 9004)).isFalse();
        assertThat(p.originAllowed("not a url", 9004)).isFalse();
    }
}
