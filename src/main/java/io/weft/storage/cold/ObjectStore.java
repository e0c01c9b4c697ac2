package io.weft.storage.cold;

import io.vertx.core.Future;
import java.util.List;

/**
 * The few object-store calls the cold tier needs: whole puts (an object appears whole or not at all),
 * gets, ranged gets, listing by prefix and deletes. Keys are '/'-separated paths. Every call fails with
 * {@link io.weft.storage.StorageUnavailableException} when the store cannot be reached.
 */
public interface ObjectStore {
  Future<Void> put(String key, byte[] data);

  /** The whole object, or null when there is none. */
  Future<byte[]> get(String key);

  /** {@code length} bytes from {@code offset}; fails when the object is absent. */
  Future<byte[]> getRange(String key, long offset, int length);

  /** Every key under {@code prefix}, sorted. */
  Future<List<String>> list(String prefix);

  /** Deletes the keys; an absent key is no error. */
  Future<Void> delete(List<String> keys);

  /** Where the objects are, for logs and /health (no secrets). */
  String describe();

  default Future<Void> close() {
    return Future.succeededFuture();
  }
}
