package pog.common.http;

/** Handles one request; the returned object is sent as JSON with 200 ({@link Response} for anything else). */
@FunctionalInterface
public interface Handler {
    Object handle(Request request) throws Exception;
}
