package pog.simfront;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.sim.Faults;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A venue's hot {@code POST} routes served by Jetty's core handler API, in front of Javalin: Javalin's servlet layer
 * costs more CPU per request than a simulated order does (measured: about 130 us against 55 us per small request on
 * the bench machine, docs/benchmarks.md), and at thousands of signed orders a second that is the simulator's largest
 * cost after the core. Every other path (admin routes, the WebSocket upgrade) passes through to Javalin.
 *
 * <p>A direct request is admitted by the same {@link Faults} as the Javalin routes (latency, then a share answered
 * 502 or the venue's 429 without being handled). Bodies are read up to {@value #MAX_BODY} bytes, as Javalin's own
 * limit; a longer one is answered 413 and not handled.
 */
final class DirectRoutes extends Handler.Wrapper {
    private static final Logger log = LoggerFactory.getLogger(DirectRoutes.class);
    /** Javalin's default {@code maxRequestSize}: 1 MB. */
    static final int MAX_BODY = 1_000_000;

    private final Map<String, SimHttp.Direct> routes;
    private final Faults faults;

    DirectRoutes(Map<String, SimHttp.Direct> routes, Faults faults) {
        this.routes = Map.copyOf(routes);
        this.faults = faults;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        SimHttp.Direct route = "POST".equals(request.getMethod())
                ? routes.get(Request.getPathInContext(request)) : null;
        if (route == null) {
            return super.handle(request, response, callback);
        }
        String path = Request.getPathInContext(request);
        SimHttp.Reply reply;
        Faults.Verdict verdict = faults.admit(path);
        if (verdict == Faults.Verdict.FAIL_5XX) {
            reply = new SimHttp.Reply(502, "text/plain; charset=utf-8", "Bad Gateway");
        } else if (verdict == Faults.Verdict.FAIL_429) {
            reply = route.tooManyRequests();
        } else {
            byte[] body;
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                reply = new SimHttp.Reply(413, "text/plain; charset=utf-8", "Payload Too Large");
            } else {
                try {
                    reply = route.post(request.getHeaders().get(HttpHeader.CONTENT_TYPE),
                            new String(body, StandardCharsets.UTF_8), Request.getRemoteAddr(request));
                } catch (RuntimeException e) {
                    log.error("event=request_failed path={} error={}", path, e.toString(), e);
                    reply = new SimHttp.Reply(500, "text/plain; charset=utf-8", "Internal error");
                }
            }
        }
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, java.nio.ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
