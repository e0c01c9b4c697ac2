package io.weft.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A node of a JSON or YAML file that knows its line, so a file refused names where and why
 * ({@code line 12: policies[2].latency.threshold_ms: must be a number}). Parsed twice: once as a
 * tree, once as tokens to learn each value's line (Jackson's tree keeps no locations).
 */
public final class FileNode {
  private final JsonNode value;
  private final String path;
  private final Map<String, Integer> lines;
  private final int line;

  private FileNode(JsonNode value, String path, Map<String, Integer> lines, int line) {
    this.value = value;
    this.path = path;
    this.lines = lines;
    this.line = line;
  }

  /** A problem in a file, with its line (0 when unknown). */
  public static final class Problem extends IllegalArgumentException {
    public final int line;

    public Problem(int line, String message) {
      super((line > 0 ? "line " + line + ": " : "") + message);
      this.line = line;
    }
  }

  /** JSON when the text starts with '{' or '[', else YAML (a superset of JSON). */
  public static FileNode parse(byte[] text) {
    String s = new String(text, java.nio.charset.StandardCharsets.UTF_8).stripLeading();
    boolean json = s.startsWith("{") || s.startsWith("[");
    JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
    ObjectMapper mapper = new ObjectMapper(factory);
    JsonNode root;
    Map<String, Integer> lines = new HashMap<>();
    try {
      root = mapper.readTree(text);
      try (JsonParser p = factory.createParser(text)) {
        index(p, lines);
      }
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new Problem(line, (json ? "not JSON: " : "not YAML: ") + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Problem(0, "cannot read: " + e.getMessage());
    }
    if (root == null || root.isMissingNode()) {
      throw new Problem(1, "the file is empty");
    }
    return new FileNode(root, "", lines, lines.getOrDefault("", 1));
  }

  /** Records the line of every value under its path ("a.b[2].c"). */
  private static void index(JsonParser p, Map<String, Integer> lines) throws IOException {
    Deque<String> containers = new ArrayDeque<>(); // path of each open container
    Deque<int[]> arrayIndex = new ArrayDeque<>(); // next index of each open container (-1: an object)
    String field = null;
    for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
      if (t == JsonToken.FIELD_NAME) {
        field = p.currentName();
        continue;
      }
      if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
        containers.pop();
        arrayIndex.pop();
        continue;
      }
      String here;
      if (containers.isEmpty()) {
        here = "";
      } else if (arrayIndex.peek()[0] >= 0) {
        here = containers.peek() + "[" + arrayIndex.peek()[0]++ + "]";
      } else {
        here = containers.peek().isEmpty() ? field : containers.peek() + "." + field;
      }
      lines.putIfAbsent(here, p.currentTokenLocation().getLineNr());
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        containers.push(here);
        arrayIndex.push(new int[] {t == JsonToken.START_ARRAY ? 0 : -1});
      }
    }
  }

  public JsonNode value() {
    return value;
  }

  /** Where this node is: "policies[2].latency". */
  public String path() {
    return path;
  }

  public int line() {
    return line;
  }

  public boolean isMissing() {
    return value.isMissingNode() || value.isNull();
  }

  public boolean isObject() {
    return value.isObject();
  }

  public boolean isArray() {
    return value.isArray();
  }

  /** A field (missing when absent). */
  public FileNode get(String field) {
    String p = path.isEmpty() ? field : path + "." + field;
    JsonNode v = value.isObject() && value.has(field) ? value.get(field) : MissingNode.getInstance();
    return new FileNode(v, p, lines, lines.getOrDefault(p, line));
  }

  /** The elements of a list; an error unless this is a list (or missing: none). */
  public List<FileNode> elements() {
    if (isMissing()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw error("must be a list");
    }
    List<FileNode> out = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      String p = path + "[" + i + "]";
      out.add(new FileNode(value.get(i), p, lines, lines.getOrDefault(p, line)));
    }
    return out;
  }

  /** The field names of an object. */
  public List<String> fieldNames() {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  /** Fails on any field not in {@code known}: a misspelt setting must not silently do nothing. */
  public void onlyFields(String... known) {
    if (!value.isObject()) {
      throw error("must be an object");
    }
    List<String> allowed = List.of(known);
    for (String f : fieldNames()) {
      if (!allowed.contains(f)) {
        throw get(f).error("unknown setting (expected one of " + String.join(", ", known) + ")");
      }
    }
  }

  public String text(String fallback) {
    if (isMissing()) {
      return fallback;
    }
    if (!value.isValueNode()) {
      throw error("must be a string");
    }
    return value.asText();
  }

  public String requiredText() {
    if (isMissing() || !value.isValueNode() || value.asText().isEmpty()) {
      throw error("a non-empty string is required");
    }
    return value.asText();
  }

  public double number(double fallback) {
    if (isMissing()) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw error("must be a number, got " + value);
    }
    return value.asDouble();
  }

  public double requiredNumber() {
    if (isMissing()) {
      throw error("a number is required");
    }
    return number(0);
  }

  public long whole(long fallback) {
    if (isMissing()) {
      return fallback;
    }
    if (!value.isIntegralNumber()) {
      throw error("must be a whole number, got " + value);
    }
    return value.asLong();
  }

  public boolean bool(boolean fallback) {
    if (isMissing()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw error("must be true or false, got " + value);
    }
    return value.asBoolean();
  }

  /** A duration: a number of milliseconds, or text like 10s, 1.5m, 500ms; in microseconds. */
  public long micros(long fallbackMicros) {
    if (isMissing()) {
      return fallbackMicros;
    }
    if (value.isNumber()) {
      return (long) (value.asDouble() * 1000);
    }
    try {
      return Durations.parseMicros(value.asText());
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  /** An error at this node: "line N: path: message". */
  public Problem error(String message) {
    return new Problem(line, (path.isEmpty() ? "" : path + ": ") + message);
  }
}
