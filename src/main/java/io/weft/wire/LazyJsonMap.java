package io.weft.wire;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The map behind a {@code JsonObject} that is built on first use. A live batch delivered to a local
 * subscriber that never reads it (the idle consumer that keeps a clustered node's subscriber list
 * cached) then costs one small object instead of the batch's JSON.
 */
final class LazyJsonMap extends AbstractMap<String, Object> {
  private Supplier<Map<String, Object>> make;
  private Map<String, Object> map;

  LazyJsonMap(Supplier<Map<String, Object>> make) {
    this.make = make;
  }

  /** Whether anything has read it yet. */
  boolean built() {
    return map != null;
  }

  private Map<String, Object> map() {
    if (map == null) {
      map = make.get();
      make = null;
    }
    return map;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return map().entrySet();
  }

  @Override
  public Object get(Object key) {
    return map().get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return map().containsKey(key);
  }

  @Override
  public Object put(String key, Object value) {
    return map().put(key, value);
  }

  @Override
  public Object remove(Object key) {
    return map().remove(key);
  }

  @Override
  public int size() {
    return map().size();
  }

  @Override
  public void clear() {
    map().clear();
  }
}
