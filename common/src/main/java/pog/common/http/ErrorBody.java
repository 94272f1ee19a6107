package pog.common.http;

/** The one error shape of every PoG API. */
public record ErrorBody(String error, String detail) {
}
