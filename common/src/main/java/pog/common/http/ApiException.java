package pog.common.http;

/** An error that reaches the client as {@code {"error": ..., "detail": ...}} with its HTTP status. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final String detail;

    public ApiException(int status, String error, String detail) {
        super(error + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String detail() {
        return detail;
    }
}
