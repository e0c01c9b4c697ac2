package io.weft.query.apiv3;

import io.weft.query.BadRequestException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** api_v3's times: RFC 3339 with up to nanoseconds and an offset ({@code 2026-08-20T12:34:56.123456789Z}). */
final class ApiTimes {
  private ApiTimes() {}

  /** Nanoseconds since the epoch; a malformed time is a 400 naming the parameter. */
  static long parseNanos(String param, String value) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      long seconds = t.toEpochSecond();
      return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), t.getNano());
    } catch (DateTimeException | ArithmeticException e) {
      throw new BadRequestException("malformed parameter " + param + ": \"" + value
          + "\" is not an RFC 3339 time such as 2026-01-02T15:04:05.123456789Z");
    }
  }

  /** Go's strconv.ParseBool, which Jaeger's boolean parameters go through. */
  static boolean parseBool(String param, String value) {
    return switch (value) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new BadRequestException("malformed parameter " + param + ": \"" + value + "\" is not a boolean");
    };
  }
}
