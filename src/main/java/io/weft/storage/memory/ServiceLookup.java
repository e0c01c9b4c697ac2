package io.weft.storage.memory;

import io.weft.model.Operation;
import io.weft.model.Span;
import java.util.List;

/**
 * The service indexes of one write's spans, found once per service name for the whole write rather
 * than once per span, and each service's operations recorded once per write. A decoded message holds
 * one String per distinct name, so a name is first matched by identity, then by equality against the
 * few names the write met before (no hash of a fresh string), and only a name new to the write is
 * looked up in {@link Indexes} (such lookups were 12% of an ingester's CPU). One per write call, on
 * the writing thread.
 */
final class ServiceLookup {
  /** Writes seldom carry more services than this, or more operations of a service; past it slots are reused. */
  private static final int SLOTS = 16;

  private final Indexes indexes;
  private final Slot[] slots = new Slot[SLOTS];
  private int used;
  private int next;

  ServiceLookup(Indexes indexes) {
    this.indexes = indexes;
  }

  /** One service met in this write, and its operations known to be recorded. */
  private static final class Slot {
    String name;
    final ServiceIndex index;
    final String[] operations = new String[SLOTS];
    final String[] kinds = new String[SLOTS];
    int known;

    Slot(String name, ServiceIndex index) {
      this.name = name;
      this.index = index;
    }

    /** Records the operation in the service's index unless this write did already. */
    void operation(String name, String kind) {
      int n = Math.min(known, SLOTS);
      for (int k = 0; k < n; k++) {
        if (kinds[k] == kind && (operations[k] == name || operations[k].equals(name))) {
          operations[k] = name; // the next span of this message matches by identity
          return;
        }
      }
      Operation op = new Operation(name, kind);
      if (!index.operations.contains(op)) { // a lock-free read; adding may lock a bin
        index.operations.add(op);
      }
      operations[known % SLOTS] = name;
      kinds[known % SLOTS] = kind;
      known++;
    }
  }

  /** The spans' service ids, each span's operation recorded under its service. */
  int[] serviceIds(List<Span> spans) {
    int[] ids = new int[spans.size()];
    for (int i = 0; i < ids.length; i++) {
      Span s = spans.get(i);
      Slot slot = of(s.serviceName() == null ? "" : s.serviceName());
      ids[i] = slot.index.id;
      if (s.operationName() != null) {
        slot.operation(s.operationName(), s.kind().tagValue()); // tagValue: one constant String per kind
      }
    }
    return ids;
  }

  private Slot of(String name) {
    for (int k = 0; k < used; k++) {
      if (slots[k].name == name) {
        return slots[k];
      }
    }
    for (int k = 0; k < used; k++) {
      if (slots[k].name.equals(name)) {
        slots[k].name = name; // the next span of this message matches by identity
        return slots[k];
      }
    }
    Slot s = new Slot(name, indexes.service(name));
    slots[used < SLOTS ? used++ : next++ % SLOTS] = s;
    return s;
  }
}
