package io.weft.agent;

import io.weft.model.Process;
import io.weft.model.Span;
import io.weft.model.Tag;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds the agent's tags ({@code agent.tags}, e.g. host and zone) to the process of every span, as
 * Jaeger's agent does. A key the process already has keeps the application's value: it knows better.
 */
final class ProcessTagger {
  private final List<Tag> tags;

  ProcessTagger(List<Tag> tags) {
    this.tags = tags;
  }

  List<Span> apply(List<Span> spans) {
    if (tags.isEmpty()) {
      return spans;
    }
    // A datagram's spans share one Process object: build its tagged copy once.
    Map<Process, Process> tagged = new IdentityHashMap<>(2);
    List<Span> out = new ArrayList<>(spans.size());
    for (Span s : spans) {
      Process p = s.process() == null ? new Process("", List.of()) : s.process();
      out.add(s.toBuilder().process(tagged.computeIfAbsent(p, this::tag)).build());
    }
    return out;
  }

  private Process tag(Process p) {
    List<Tag> all = new ArrayList<>(p.tags().size() + tags.size());
    all.addAll(p.tags());
    for (Tag t : tags) {
      if (p.tags().stream().noneMatch(existing -> existing.key().equals(t.key()))) {
        all.add(t);
      }
    }
    return new Process(p.serviceName(), all);
  }
}
