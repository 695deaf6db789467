package io.conduit.admin;

/** Thrown by a route handler to answer with an {@link ApiError}. */
final class ApiException extends RuntimeException {
  private final ApiError error;

  ApiException(ApiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  ApiError error() {
    return error;
  }
}
