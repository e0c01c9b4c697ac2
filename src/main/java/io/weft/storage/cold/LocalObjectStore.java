package io.weft.storage.cold;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.weft.storage.StorageUnavailableException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Objects as files under a folder. A put writes a temporary file, forces it to disk and renames it
 * into place, so an object is whole or absent, as on S3. Blocking file calls run on the cold tier's
 * worker pool.
 */
public final class LocalObjectStore implements ObjectStore {
  private static final String TEMP_SUFFIX = ".weft-tmp";
  private final Path root;
  private final WorkerExecutor workers;

  public LocalObjectStore(Path root, WorkerExecutor workers) {
    this.root = root.toAbsolutePath().normalize();
    this.workers = workers;
  }

  @Override
  public Future<Void> put(String key, byte[] data) {
    return call("put " + key, () -> {
      Path target = path(key);
      Files.createDirectories(target.getParent());
      Path tmp = target.resolveSibling(target.getFileName() + "." + Thread.currentThread().getId() + TEMP_SUFFIX);
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return null;
    });
  }

  @Override
  public Future<byte[]> get(String key) {
    return call("get " + key, () -> {
      try {
        return Files.readAllBytes(path(key));
      } catch (NoSuchFileException e) {
        return null;
      }
    });
  }

  @Override
  public Future<byte[]> getRange(String key, long offset, int length) {
    return call("get " + key, () -> {
      try (RandomAccessFile f = new RandomAccessFile(path(key).toFile(), "r")) {
        byte[] out = new byte[length];
        f.seek(offset);
        f.readFully(out);
        return out;
      }
    });
  }

  @Override
  public Future<List<String>> list(String prefix) {
    return call("list " + prefix, () -> {
      List<String> keys = new ArrayList<>();
      if (!Files.isDirectory(root)) {
        return keys;
      }
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(Files::isRegularFile).forEach(p -> {
          String key = root.relativize(p).toString().replace('\\', '/');
          if (key.startsWith(prefix) && !key.endsWith(TEMP_SUFFIX)) {
            keys.add(key);
          }
        });
      } catch (java.io.UncheckedIOException e) {
        if (!(e.getCause() instanceof NoSuchFileException)) { // a file deleted while walking is fine
          throw e.getCause();
        }
      }
      keys.sort(null);
      return keys;
    });
  }

  @Override
  public Future<Void> delete(List<String> keys) {
    return call("delete", () -> {
      for (String key : keys) {
        Path p = path(key);
        Files.deleteIfExists(p);
        // Empty folders left behind would pile up: remove them up to the root.
        for (Path dir = p.getParent(); dir != null && !dir.equals(root); dir = dir.getParent()) {
          try (Stream<Path> rest = Files.list(dir)) {
            if (rest.findAny().isPresent()) {
              break;
            }
          } catch (NoSuchFileException e) {
            continue;
          }
          try {
            Files.deleteIfExists(dir);
          } catch (IOException e) {
            break; // not empty after all (a put meanwhile)
          }
        }
      }
      return null;
    });
  }

  @Override
  public String describe() {
    return "local folder " + root;
  }

  private Path path(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root) || key.isEmpty()) {
      throw new IllegalArgumentException("object key outside the folder: " + key);
    }
    return p;
  }

  private <T> Future<T> call(String what, Callable<T> work) {
    return workers.executeBlocking(work, false).recover(err -> Future.failedFuture(
        err instanceof IOException ? new StorageUnavailableException(describe() + ": " + what + ": " + err, err) : err));
  }
}
