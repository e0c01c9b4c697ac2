package io.weft.storage;

import java.util.AbstractList;
import java.util.List;

/**
 * A read answer that is known to be incomplete (a tier of storage could not be read, a search stopped at
 * its cost limit), as a list that also carries a notice for people. Readers pass it through like any list;
 * {@link #notice} finds it again, so the query APIs can show it beside the data.
 */
public final class PartialResult<T> extends AbstractList<T> {
  private final List<T> items;
  private final String notice;

  private PartialResult(List<T> items, String notice) {
    this.items = List.copyOf(items);
    this.notice = notice;
  }

  /** {@code items} marked partial with {@code notice}; {@code items} as they are when the notice is null. */
  public static <T> List<T> of(List<T> items, String notice) {
    if (notice == null) {
      return items;
    }
    String earlier = notice(items);
    return new PartialResult<>(items, earlier == null || earlier.equals(notice) ? notice : earlier + "; " + notice);
  }

  /** The notice of a partial answer, or null when the answer is whole. */
  public static String notice(List<?> answer) {
    return answer instanceof PartialResult<?> p ? p.notice : null;
  }

  @Override
  public T get(int index) {
    return items.get(index);
  }

  @Override
  public int size() {
    return items.size();
  }
}
