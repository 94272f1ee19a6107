package pog.common.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import pog.common.http.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Renders a Prometheus registry in the text exposition format for {@code GET /metrics}. */
public final class Metrics {
    private Metrics() {
    }

    public static Response render(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.status(200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
    }
}
