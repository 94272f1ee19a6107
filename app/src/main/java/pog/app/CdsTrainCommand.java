package pog.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pog.common.auth.ControlToken;
import pog.pm.PmService;
import pog.pm.config.PmConfig;
import pog.trader.TraderService;
import pog.trader.config.TraderConfig;
import pog.venue.spi.VenueProviders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Hidden: the training run behind the class-data-sharing archive that {@code ./pog} builds next to the jar. It
 * starts a paper trader and a PM watching it in this JVM, asks each the questions PM and people ask, and stops
 * them, so the classes of a real start are the ones archived. Cuts a trader's cold start by about a third.
 */
@Command(name = "cds-train", hidden = true, description = "Exercise start-up paths for the class-data archive.")
public final class CdsTrainCommand implements Callable<Integer> {
    private final VenueProviders venues;

    @Option(names = "--pm", paramLabel = "DIR", description = "PM alone, its data in DIR (PM's own archive: ./pog runs "
            + "it twice, so the second run, the archived one, finds its journals at their newest schema)")
    Path pmDir;

    public CdsTrainCommand(VenueProviders venues) {
        this.venues = venues;
    }

    @Override
    public Integer call() throws Exception {
        if (pmDir != null) {
            PmTraining.run(pmDir);
            return ExitCodes.OK;
        }
        Path dir = Files.createTempDirectory("pog-cds");
        try {
            ControlToken token = ControlToken.of("cds-training-token-0123456789");
            String traderYaml = """
                    service: trader-train
                    port: 0
                    dataDir: %s
                    venue: {type: paper, tickMillis: 50}
                    loopMillis: 50
                    """.formatted(dir.resolve("trader"));
            TraderConfig tc = TraderConfig.parse("train.yaml", traderYaml.getBytes(StandardCharsets.UTF_8), venues);
            try (TraderService trader = TraderService.start(tc, venues, Version.current(), token, Clock.systemUTC())) {
                String base = "http://127.0.0.1:" + trader.port();
                HttpClient http = HttpClient.newHttpClient();
                for (String path : List.of("/api/health", "/api/positions", "/api/account", "/api/orders", "/metrics")) {
                    http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
                }
                Path pmYaml = dir.resolve("pm.yaml");
                Files.writeString(pmYaml, """
                        port: 0
                        dataDir: %s
                        services:
                          - id: trader-train
                            baseUrl: %s
                            launcher: external
                        """.formatted(dir.resolve("pm"), base));
                try (PmService pm = PmService.start(PmConfig.load(pmYaml), Clock.systemUTC(), token)) {
                    Thread.sleep(300);
                }
            }
            return ExitCodes.OK;
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
