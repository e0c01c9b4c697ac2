package io.weft.model;

import java.util.List;

/** The emitting process: its service name and tags (OTel resource attributes land here). */
public record Process(String serviceName, List<Tag> tags) {
  public Process {
    tags = List.copyOf(tags);
  }
}
