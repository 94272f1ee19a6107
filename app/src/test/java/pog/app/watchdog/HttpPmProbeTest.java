package pog.app.watchdog;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What the probe makes of whatever sits on PM's port, against real sockets on port 0. */
class HttpPmProbeTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(status, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static PmProbe.Result probe(String url) {
        return new HttpPmProbe(url, Duration.ofMillis(500)).probe();
    }

    @Test
    void shouldRecognisePmByItsStatus() throws IOException {
        PmProbe.Result r = probe(serve(200, "{\"service\":\"pm\",\"instance\":\"i-1\",\"pid\":4242,\"monitor\":\"running\"}"));
        assertThat(r.kind()).isEqualTo(PmProbe.Kind.PM);
        assertThat(r.pid()).isEqualTo(4242L);
        assertThat(r.instance()).isEqualTo("i-1");
    }

    @Test
    void shouldCallATraderOnPmsPortForeign() throws IOException {
        PmProbe.Result r = probe(serve(200, "{\"service\":\"trader-a\",\"instance\":\"x\",\"pid\":1}"));
        assertThat(r.kind()).isEqualTo(PmProbe.Kind.FOREIGN);
        assertThat(r.detail()).contains("trader-a");
    }

    @Test
    void shouldCallAnyOtherHttpServerForeign() throws IOException {
        assertThat(probe(serve(404, "not found")).kind()).isEqualTo(PmProbe.Kind.FOREIGN);
        stop();
        assertThat(probe(serve(200, "<html>hello</html>")).kind()).isEqualTo(PmProbe.Kind.FOREIGN);
    }

    @Test
    void shouldSeeNothingOnAClosedPort() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(probe("http://127.0.0.1:" + port).kind()).isEqualTo(PmProbe.Kind.NOTHING);
    }

    @Test
    void shouldSeeNoAnswerFromAListenerThatNeverReplies() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            PmProbe.Result r = probe("http://127.0.0.1:" + s.getLocalPort());
            assertThat(r.kind()).isEqualTo(PmProbe.Kind.NO_ANSWER);
        }
    }
}
