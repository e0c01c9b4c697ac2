package io.weft.model;

import java.util.List;

/** A timestamped set of fields: a Jaeger log, an OTel event (name in the {@code event} field). */
public record Log(long timestampMicros, List<Tag> fields) {
  public Log {
    fields = List.copyOf(fields);
  }
}
