package io.weft.tenant;

/**
 * A request whose tenant is missing (401 / UNAUTHENTICATED), malformed (400 / INVALID_ARGUMENT) or not
 * allowed (403 / PERMISSION_DENIED). Receivers and APIs answer with {@link #httpStatus()} or
 * {@link #grpcCode()} and this message.
 */
public final class TenantRefusedException extends RuntimeException {
  private final int httpStatus;

  TenantRefusedException(int httpStatus, String message) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The gRPC status code: UNAUTHENTICATED 16, INVALID_ARGUMENT 3, PERMISSION_DENIED 7. */
  public int grpcCode() {
    return switch (httpStatus) {
      case 401 -> 16;
      case 400 -> 3;
      default -> 7;
    };
  }

  /** Why, as the metric label {@code reason}. */
  public String reason() {
    return switch (httpStatus) {
      case 401 -> "missing";
      case 400 -> "malformed";
      default -> "not-allowed";
    };
  }
}
