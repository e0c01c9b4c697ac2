package io.weft.auth;

/**
 * A request refused: {@link Kind#UNAUTHENTICATED} (no token, or one that does not check out: 401,
 * gRPC UNAUTHENTICATED), {@link Kind#FORBIDDEN} (a good token without the permission: 403,
 * PERMISSION_DENIED), {@link Kind#UNAVAILABLE} (the keys to check it cannot be fetched: 503, UNAVAILABLE).
 * {@code reason} is a short word for /metrics; the message is for the caller and never holds the token.
 */
public final class AuthException extends RuntimeException {
  public enum Kind { UNAUTHENTICATED, FORBIDDEN, UNAVAILABLE }

  private final Kind kind;
  private final String reason;

  public AuthException(Kind kind, String reason, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.reason = reason;
  }

  public Kind kind() {
    return kind;
  }

  public String reason() {
    return reason;
  }

  static AuthException unauthenticated(String reason, String message) {
    return new AuthException(Kind.UNAUTHENTICATED, reason, message);
  }
}
