package pog.common.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import pog.common.json.Json;

import java.nio.ByteBuffer;

/**
 * Every error the server itself produces (a request it could not parse, a URL or header block over the limit, a
 * failure outside any route) leaves as PoG's JSON error, in PoG's words: never the library's HTML page, its
 * reason phrases or a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
    private final int maxHeaderBytes;
    private final int maxBodyBytes;

    JsonErrorHandler(int maxHeaderBytes, int maxBodyBytes) {
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    ErrorBody body(int status) {
        return switch (status) {
            case 400 -> new ErrorBody("bad request", "the request is not valid HTTP (bad request line, URL,"
                    + " header or body framing)");
            case 408 -> new ErrorBody("request timeout", "the request did not arrive in time");
            case 413 -> new ErrorBody("payload too large", "request body over " + maxBodyBytes + " bytes");
            case 414 -> new ErrorBody("uri too long", "the request URL is longer than " + maxHeaderBytes + " bytes");
            case 431 -> new ErrorBody("request header fields too large", "the request line and headers are larger"
                    + " than " + maxHeaderBytes + " bytes");
            case 500 -> new ErrorBody("internal error", "the server could not complete the request");
            case 501 -> new ErrorBody("not implemented", "this server does not support that request");
            case 503 -> new ErrorBody("unavailable", "the server is stopping or overloaded; try again");
            case 505 -> new ErrorBody("http version not supported", "use HTTP/1.1");
            default -> new ErrorBody("error", "the request failed with HTTP status " + status);
        };
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() < 400 ? 500 : response.getStatus();
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers(headers);
        byte[] bytes = Json.bytes(body(status));
        headers.put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes),
                callback);
        return true;
    }

    private static void headers(HttpFields.Mutable headers) {
        headers.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
    }
}
