package io.weft.storage.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.vertx.core.Future;
import io.weft.config.ConfigException;
import io.weft.config.Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which search index a store writes ({@code cassandra.index.mode}) and which it searches: its own,
 * plus the other one while that one's {@code index_modes} row lives (an upgraded keyspace's index
 * rows, or a change of mode), so no trace stops being findable before its TTL.
 */
final class IndexModes {
  enum Mode {
    ROWS, SUMMARY, PACKED;

    String cql() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Mode written;
  private final String keyspace;
  private volatile List<Mode> searched;

  IndexModes(Mode written, String keyspace) {
    this.written = written;
    this.keyspace = keyspace;
    this.searched = List.of(written);
  }

  Mode written() {
    return written;
  }

  /** The modes a search reads, the written one first. */
  List<Mode> searched() {
    return searched;
  }

  /** The node's major release from {@code system.local} (5 for "5.0.2"). */
  static Future<Integer> releaseMajor(CqlExecutor exec) {
    return exec.readAll(SimpleStatement.newInstance("SELECT release_version FROM system.local")).map(rows -> {
      String v = rows.isEmpty() ? null : rows.get(0).getString(0);
      if (v == null) {
        return 0;
      }
      int dot = v.indexOf('.');
      try {
        return Integer.parseInt(dot < 0 ? v : v.substring(0, dot));
      } catch (NumberFormatException e) {
        return 0;
      }
    });
  }

  /** The option's choice on a node of the given major release: auto is summary on 5 and later. */
  static Mode choose(String option, int major) {
    boolean sai = major >= 5;
    return switch (option) {
      case "rows" -> Mode.ROWS;
      case "packed" -> Mode.PACKED;
      case "summary" -> {
        if (!sai) {
          throw new ConfigException(Options.CASSANDRA_INDEX_MODE.name() + "=summary needs Cassandra 5 or later "
              + "(storage-attached indexes); this node is release " + major + ": use rows");
        }
        yield Mode.SUMMARY;
      }
      default -> sai ? Mode.SUMMARY : Mode.ROWS;
    };
  }

  /** Says this mode's index holds rows, for longer than the rows written until the next renewal live. */
  Statement<?> marker(int ttlSeconds) {
    return SimpleStatement.newInstance("INSERT INTO " + keyspace + ".index_modes (mode) VALUES (?) USING TTL ?",
        written.cql(), ttlSeconds + 3600).setIdempotent(true);
  }

  /** Reads which indexes hold rows. */
  Future<Void> refresh(CqlExecutor exec) {
    return exec.readAll(SimpleStatement.newInstance("SELECT mode FROM " + keyspace + ".index_modes")).map(rows -> {
      List<Mode> modes = new ArrayList<>(List.of(written));
      for (Row r : rows) {
        for (Mode m : Mode.values()) {
          if (m != written && m.cql().equals(r.getString(0))) {
            modes.add(m);
          }
        }
      }
      searched = List.copyOf(modes);
      return null;
    });
  }
}
