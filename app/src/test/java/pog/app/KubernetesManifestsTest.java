package pog.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pog.common.config.ConfigLoader;
import pog.common.config.Validator;
import pog.pm.config.LauncherKind;
import pog.pm.config.PmConfig;
import pog.pm.config.ServiceConfig;
import pog.trader.config.TraderConfig;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every file under deploy/kubernetes, rendered as {@code kubectl kustomize} renders it (kubectl when it is on PATH,
 * else this test's own rendering of the resources list), validated against the Kubernetes API schemas offline
 * (deploy/kubernetes/validate: kubernetes-models, the official OpenAPI compiled to validators; needs node and
 * {@code npm ci} there, else skipped unless CI=true), and checked for what PoG needs: one replica per trader,
 * probes on the trader's health that work with TLS and tokens on, a PDB, PM external, only PM reaching traders.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of(System.getProperty("user.dir")).resolveSibling("deploy").resolve("kubernetes");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static String rendered;
    private static List<JsonNode> objects;

    @BeforeAll
    static void render() throws Exception {
        String kubectl = onPath("kubectl");
        StringBuilder all = new StringBuilder();
        if (kubectl != null) {
            all.append(run(List.of(kubectl, "kustomize", DIR.toString()), null));
        } else {
            all.append(renderResources());
        }
        // a file kept out of the default kustomization (trader-hl.yaml needs a venue key) is validated as well
        JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        List<String> listed = new ArrayList<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String name = f.getFileName().toString();
                if (!name.equals("kustomization.yaml") && !listed.contains(name)) {
                    all.append("---\n").append(withNamespace(Files.readString(f), k.path("namespace").asText()));
                }
            }
        }
        rendered = all.toString();
        objects = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(rendered)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isEmpty()) {
                    objects.add(n);
                }
            }
        }
    }

    @Test
    void everyObjectIsValidAgainstTheKubernetesApiSchemas() throws Exception {
        Path validator = DIR.resolve("validate");
        String node = onPath("node");
        boolean ci = "true".equals(System.getenv("CI"));
        String missing = node == null ? "node is not on PATH"
                : !Files.isDirectory(validator.resolve("node_modules/kubernetes-models"))
                ? "run `npm ci --no-audit --no-fund` in " + validator : null;
        if (missing != null) {
            assertThat(ci).as("CI=true: the schema validation must run (" + missing + ")").isFalse();
            System.out.println("[kubernetes] schema validation skipped (CI is not true): " + missing);
            Assumptions.abort(missing);
        }
        String out = run(List.of(node, validator.resolve("validate.mjs").toString()), rendered);
        System.out.print(out);
        assertThat(out.lines().filter(l -> l.startsWith("valid ")).count()).isEqualTo(objects.size());
    }

    /**
     * The schema validator lets a field Kubernetes does not know pass (the API's schemas allow extra properties; the
     * API server drops them silently), so a misspelt {@code livenesProbe} would ship a trader without its probe.
     * Every object is read into the Kubernetes API's own types, and any field those types do not hold is refused.
     */
    @Test
    void everyFieldIsOneTheKubernetesApiKnows() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (JsonNode o : objects) {
            unknown.addAll(StrictFields.unknown(o));
        }
        assertThat(unknown).as("fields Kubernetes would drop").isEmpty();

        // the check itself catches a misspelt field deep inside a pod template
        JsonNode statefulSet = objects.stream().filter(o -> o.path("kind").asText().equals("StatefulSet")).findFirst()
                .orElseThrow().deepCopy();
        ((ObjectNode) statefulSet.path("spec").path("template").path("spec").path("containers").get(0))
                .set("livenesProbe", YAML.createObjectNode().put("periodSeconds", 5));
        assertThat(StrictFields.unknown(statefulSet)).singleElement().asString()
                .contains("spec.template.spec.containers[0].livenesProbe");
    }

    @Test
    void eachTraderIsOneStatefulSetReplicaWithAPdbAndTheReasonBesideIt() throws Exception {
        List<JsonNode> sets = kind("StatefulSet");
        assertThat(sets).extracting(s -> s.at("/metadata/name").asText()).contains("trader-paper", "trader-hl");
        for (JsonNode s : sets) {
            String name = s.at("/metadata/name").asText();
            assertThat(s.at("/spec/replicas").asInt()).as(name).isEqualTo(1);
            assertThat(s.at("/spec/podManagementPolicy").asText()).as(name).isEqualTo("OrderedReady");
            assertThat(s.at("/spec/volumeClaimTemplates/0/metadata/name").asText()).as(name + " state volume").isEqualTo("data");
            assertThat(kind("PodDisruptionBudget")).as(name + " has a PDB").anySatisfy(p -> {
                assertThat(p.at("/spec/selector/matchLabels")).isEqualTo(s.at("/spec/selector/matchLabels"));
                assertThat(p.at("/spec/minAvailable").asInt()).isEqualTo(1);
            });
            String source = Files.readString(DIR.resolve(name + ".yaml"));
            assertThat(source).as(name + ": the reason for one replica, beside it")
                    .contains("# replicas 1, never more").contains("two copies never run at once");
        }
    }

    @Test
    void traderProbesAskItsOwnHealthOverHttpsOnLoopbackWhereNoTokenIsNeeded() throws Exception {
        for (JsonNode s : kind("StatefulSet")) {
            String name = s.at("/metadata/name").asText();
            JsonNode c = s.at("/spec/template/spec/containers/0");
            TraderConfig config = traderConfig(name);
            assertThat(config.tls()).as(name + " serves TLS").isNotNull();
            assertThat(config.remoteReachable()).isTrue();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode cmd = c.path(probe).at("/exec/command");
                assertThat(cmd.isArray()).as(name + " " + probe + " is an exec probe").isTrue();
                List<String> argv = new ArrayList<>();
                cmd.forEach(a -> argv.add(a.asText()));
                assertThat(argv.get(0)).isEqualTo("curl");
                // to the pod's own loopback, under a name the trader's certificate and hostNames hold: a TLS trader
                // answers 400 to a Host its certificate does not name (https://127.0.0.1/ failed every probe; the
                // container drill runs these probes against the real trader)
                assertThat(argv).contains("-fsSk").last().isEqualTo("https://" + name + ":" + config.port() + "/api/health");
                assertThat(argv.get(argv.indexOf("--resolve") + 1)).isEqualTo(name + ":" + config.port() + ":127.0.0.1");
                assertThat(config.hostNames()).as(name + ": the probe's Host is one the trader answers to").contains(name);
                assertThat(c.path(probe).path("timeoutSeconds").asInt()).isGreaterThanOrEqualTo(3);
            }
            // a minute of failures before a restart: a slow venue (health stays 200, degraded) never gets it killed
            assertThat(c.at("/livenessProbe/periodSeconds").asInt() * c.at("/livenessProbe/failureThreshold").asInt())
                    .isGreaterThanOrEqualTo(60);
            // the secrets reach the trader as 0600 files it owns (PoG refuses group-readable ones)
            assertThat(s.at("/spec/template/spec/initContainers/0/command/2").asText())
                    .contains(config.tls().keyFile().getFileName().toString()).contains("chmod 600");
        }
    }

    @Test
    void pmIsADeploymentThatWatchesEveryTraderExternallyOverVerifiedTls() throws Exception {
        JsonNode pm = kind("Deployment").stream().filter(d -> d.at("/metadata/name").asText().equals("pog-pm"))
                .findFirst().orElseThrow();
        assertThat(pm.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(pm.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        String yaml = configMap("pog-pm-config").path("pm.yaml").asText();
        PmConfig config = ConfigLoader.parse("pm.yaml", yaml.getBytes(StandardCharsets.UTF_8), PmConfig.class);
        config.validate(new Validator("pm.yaml"));
        assertThat(config.caPath()).isNotNull();
        assertThat(config.readTokenPath()).isNotNull();
        assertThat(config.services()).isNotEmpty();
        for (ServiceConfig s : config.services()) {
            assertThat(s.launcher()).isEqualTo(LauncherKind.EXTERNAL);
            URI u = URI.create(s.baseUrl());
            assertThat(u.getScheme()).isEqualTo("https");
            JsonNode svc = kind("Service").stream().filter(x -> x.at("/metadata/name").asText().equals(u.getHost()))
                    .findFirst().orElseThrow(() -> new AssertionError("no Service " + u.getHost()));
            assertThat(svc.at("/spec/ports/0/port").asInt()).isEqualTo(u.getPort());
            assertThat(traderConfig(s.id()).hostNames()).as("the trader answers to the name PM uses").contains(u.getHost());
        }
    }

    @Test
    void onlyPmReachesTheTradersApis() {
        JsonNode np = kind("NetworkPolicy").get(0);
        assertThat(np.at("/spec/podSelector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("trader");
        assertThat(np.at("/spec/policyTypes").toString()).contains("Ingress");
        assertThat(np.at("/spec/ingress")).hasSize(1);
        assertThat(np.at("/spec/ingress/0/from")).hasSize(1);
        assertThat(np.at("/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("pm");
        for (JsonNode s : kind("StatefulSet")) {
            assertThat(s.at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText()).isEqualTo("trader");
        }
        JsonNode pm = kind("Deployment").get(0);
        assertThat(pm.at("/spec/template/metadata/labels/app.kubernetes.io~1component").asText()).isEqualTo("pm");
    }

    private static TraderConfig traderConfig(String name) {
        String yaml = configMap(name + "-config").path("trader.yaml").asText();
        return TraderConfig.parse(name + ".yaml", yaml.getBytes(StandardCharsets.UTF_8), Main.VENUES);
    }

    private static JsonNode configMap(String name) {
        return kind("ConfigMap").stream().filter(c -> c.at("/metadata/name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name)).path("data");
    }

    private static List<JsonNode> kind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    /** kustomize's part this directory uses: the resources list, the namespace, the image name. */
    private static String renderResources() throws IOException {
        JsonNode k = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        StringBuilder out = new StringBuilder();
        for (JsonNode r : k.path("resources")) {
            out.append("---\n").append(withNamespace(Files.readString(DIR.resolve(r.asText())), k.path("namespace").asText()));
        }
        return out.toString();
    }

    private static String withNamespace(String docs, String namespace) throws IOException {
        StringBuilder out = new StringBuilder();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(docs)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n == null || n.isEmpty()) {
                    continue;
                }
                if (!n.path("kind").asText().equals("Namespace") && !namespace.isEmpty()) {
                    ((ObjectNode) n.path("metadata")).put("namespace", namespace);
                }
                out.append(YAML.writeValueAsString(n));
            }
        }
        return out.toString();
    }

    private static String run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        return null;
    }
}
