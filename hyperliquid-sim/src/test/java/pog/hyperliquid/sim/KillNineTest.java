package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.Tif;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A simulator process killed with SIGKILL reopens with every order, position, fill and nonce it had answered. */
class KillNineTest {
    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final L1Signer alice = new L1Signer(PrivateKey.fromHex(SimHarness.KEY_A), Network.TESTNET);

    @AfterEach
    void reap() {
        processes.forEach(Process::destroyForcibly);
    }

    private int start(String name) throws Exception {
        Path portFile = dir.resolve(name + ".port");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SimProcessMain.class.getName(),
                dir.resolve("data").toString(), portFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
        processes.add(p);
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(portFile) || !p.isAlive());
        assertThat(p.isAlive()).as("simulator process started").isTrue();
        return Integer.parseInt(Files.readString(portFile).trim());
    }

    private JsonNode post(int port, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(body).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }

    private JsonNode act(int port, ObjectNode action, long nonce) throws Exception {
        L1Action l1 = new L1Action(action, nonce);
        return post(port, "/exchange", Json.write(l1.requestBody(alice.sign(l1))));
    }

    private List<String> state(int port) throws Exception {
        String user = alice.signerAddress().toString();
        List<String> answers = new ArrayList<>();
        for (String type : new String[]{"clearinghouseState", "frontendOpenOrders", "userFills"}) {
            JsonNode answer = post(port, "/info", "{\"type\":\"" + type + "\",\"user\":\"" + user + "\"}");
            if (answer.isObject()) {
                ((ObjectNode) answer).remove("time");
            }
            answers.add(answer.toString());
        }
        answers.add(post(port, "/info", "{\"type\":\"allMids\"}").toString());
        return answers;
    }

    @Test
    void killedSimulatorLosesNothingItAnswered() throws Exception {
        int port = start("first");
        long nonce = System.currentTimeMillis();
        act(port, SimHarness.limit(SimHarness.BTC, true, "70000", "0.01", Tif.IOC, "entry"), nonce++);
        act(port, Actions.order(List.of(SimHarness.stop(SimHarness.BTC, false, "50000", "0.01", false)), Grouping.NA),
                nonce++);
        act(port, SimHarness.limit(SimHarness.ETH, true, "2500", "0.1", Tif.GTC, "bid"), nonce++);
        long lastNonce = nonce;
        JsonNode last = act(port, SimHarness.limit(SimHarness.ETH, true, "2400", "0.1", Tif.GTC, null), lastNonce);
        assertThat(last.get("status").asText()).isEqualTo("ok");
        List<String> before = state(port);

        Process first = processes.get(0);
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        first.waitFor();

        int again = start("second");
        assertThat(state(again)).isEqualTo(before);
        JsonNode replay = act(again, SimHarness.limit(SimHarness.ETH, true, "2400", "0.1", Tif.GTC, null), lastNonce);
        assertThat(replay.get("response").asText()).isEqualTo("Invalid nonce: duplicate nonce " + lastNonce);
        JsonNode dup = act(again, SimHarness.limit(SimHarness.ETH, true, "2500", "0.1", Tif.GTC, "bid"), nonce + 1);
        assertThat(dup.at("/response/data/statuses/0/error").asText()).isEqualTo("Duplicate cloid. asset=1");
    }
}
