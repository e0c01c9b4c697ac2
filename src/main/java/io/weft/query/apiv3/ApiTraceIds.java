package io.weft.query.apiv3;

import io.weft.model.TraceId;
import io.weft.query.BadRequestException;
import java.util.Base64;

/** A trace id in a URL as Jaeger's api_v3 takes it: 1 to 32 hex digits, or base64 (standard or URL-safe, padded or not) of 8 or 16 bytes. */
public final class ApiTraceIds {
  private ApiTraceIds() {}

  /** @throws BadRequestException naming {@code trace_id} when it is neither, or all zeros */
  public static TraceId parse(String s) {
    TraceId id = hex(s);
    if (id == null && s.length() <= 24) {
      id = base64(s);
    }
    if (id == null || id.isZero()) {
      throw new BadRequestException("malformed parameter trace_id: \"" + s
          + "\" is not a trace id (1 to 32 hex digits, or base64 of 16 bytes), or is all zeros");
    }
    return id;
  }

  private static TraceId hex(String s) {
    try {
      return TraceId.fromHex(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static TraceId base64(String s) {
    String std = s.replace('-', '+').replace('_', '/');
    while (std.length() % 4 != 0) {
      std += "=";
    }
    try {
      byte[] b = Base64.getDecoder().decode(std);
      return b.length == 16 || b.length == 8 ? TraceId.fromBytes(b) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
