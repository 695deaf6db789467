package io.conduit.flow;

/**
 * A refused flow-engine request with Node-RED's error code and the HTTP status the Admin API
 * answers with: {@code version_mismatch} 409 (stale {@code rev}), {@code not_found} 404,
 * {@code invalid_flow} 400, {@code storage_error} 500 ...
 */
public class FlowApiException extends RuntimeException {
  private final int status;
  private final String code;

  public FlowApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public FlowApiException(int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  public static FlowApiException notFound(String what) {
    return new FlowApiException(404, "not_found", what + " not found");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
