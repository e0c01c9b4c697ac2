package io.weft.storage.cold;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.weft.model.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a block holds, kept in its {@code meta.json}: written last, so a block without it is not there.
 * {@code windowFrom}/{@code windowTo}: the window its traces' starts lie in (half-open); {@code minStart}/
 * {@code maxStart}: the earliest and latest trace start in it; {@code services} and {@code operations}
 * (each with its service's index) are the dictionaries its search columns refer to; {@code sections}
 * are the byte ranges of the data object's parts; {@code sources}: the blocks a compaction merged.
 */
public record BlockMeta(String id, int format, long windowFrom, long windowTo, long minStart, long maxStart,
    int traces, long spans, long bytes, int level, List<String> sources, long created, List<String> services,
    List<Op> operations, Sections sections) {

  public static final int FORMAT = 1;

  /** An operation of the dictionary: its service (index into {@code services}), name and span kind. */
  public record Op(int service, String name, String kind) {}

  /** Byte ranges (offset, length) of the data object's sections. */
  public record Sections(long pagesOffset, long pagesLength, long bloomOffset, int bloomLength, long indexOffset,
      int indexLength, long columnsOffset, int columnsLength, long linksOffset, int linksLength) {}

  public BlockMeta {
    sources = List.copyOf(sources);
    services = List.copyOf(services);
    operations = List.copyOf(operations);
  }

  /** Whether a trace starting in [from, to] (microseconds, 0 meaning open) may be here. */
  boolean overlaps(long from, long to) {
    return (to == 0 || minStart <= to) && (from == 0 || maxStart >= from);
  }

  List<Operation> operationsOf(String service) {
    int s = services.indexOf(service);
    List<Operation> out = new ArrayList<>();
    for (Op o : operations) {
      if (o.service() == s) {
        out.add(new Operation(o.name(), o.kind()));
      }
    }
    return out;
  }

  byte[] toJson() {
    JsonArray ops = new JsonArray();
    operations.forEach(o -> ops.add(new JsonArray().add(o.service()).add(o.name()).add(o.kind())));
    Sections s = sections;
    return new JsonObject().put("id", id).put("format", format).put("windowFrom", windowFrom).put("windowTo", windowTo)
        .put("minStart", minStart).put("maxStart", maxStart).put("traces", traces).put("spans", spans)
        .put("bytes", bytes).put("level", level).put("sources", new JsonArray(new ArrayList<>(sources)))
        .put("created", created).put("services", new JsonArray(new ArrayList<>(services))).put("operations", ops)
        .put("sections", new JsonObject()
            .put("pages", range(s.pagesOffset(), s.pagesLength())).put("bloom", range(s.bloomOffset(), s.bloomLength()))
            .put("index", range(s.indexOffset(), s.indexLength()))
            .put("columns", range(s.columnsOffset(), s.columnsLength()))
            .put("links", range(s.linksOffset(), s.linksLength())))
        .encode().getBytes(StandardCharsets.UTF_8);
  }

  static BlockMeta fromJson(byte[] json) {
    JsonObject j = new JsonObject(new String(json, StandardCharsets.UTF_8));
    int format = j.getInteger("format");
    if (format != FORMAT) {
      throw new IllegalArgumentException("block " + j.getString("id") + " has format " + format
          + "; this Weft reads format " + FORMAT);
    }
    List<Op> ops = new ArrayList<>();
    for (Object o : j.getJsonArray("operations")) {
      JsonArray a = (JsonArray) o;
      ops.add(new Op(a.getInteger(0), a.getString(1), a.getString(2)));
    }
    JsonObject s = j.getJsonObject("sections");
    Sections sections = new Sections(at(s, "pages", 0), at(s, "pages", 1), at(s, "bloom", 0), (int) at(s, "bloom", 1),
        at(s, "index", 0), (int) at(s, "index", 1), at(s, "columns", 0), (int) at(s, "columns", 1),
        at(s, "links", 0), (int) at(s, "links", 1));
    List<String> sources = new ArrayList<>();
    j.getJsonArray("sources").forEach(x -> sources.add((String) x));
    List<String> services = new ArrayList<>();
    j.getJsonArray("services").forEach(x -> services.add((String) x));
    return new BlockMeta(j.getString("id"), format, j.getLong("windowFrom"), j.getLong("windowTo"),
        j.getLong("minStart"), j.getLong("maxStart"), j.getInteger("traces"), j.getLong("spans"), j.getLong("bytes"),
        j.getInteger("level"), sources, j.getLong("created"), services, ops, sections);
  }

  private static JsonArray range(long offset, long length) {
    return new JsonArray().add(offset).add(length);
  }

  private static long at(JsonObject sections, String name, int i) {
    return sections.getJsonArray(name).getLong(i);
  }
}
