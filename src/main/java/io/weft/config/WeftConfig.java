package io.weft.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Settings resolved from, weakest first: defaults, the config file, WEFT_* environment variables,
 * command-line flags. Unknown names are errors, so a typo never silently does nothing.
 */
public final class WeftConfig {
  private final Map<String, String> values;

  private WeftConfig(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code --name=value} / {@code --name value} flags; {@code --help} is left to the caller. */
  public static WeftConfig load(List<String> args, Map<String, String> env) {
    Map<String, String> flags = parseFlags(args);
    Map<String, String> v = new LinkedHashMap<>();
    for (Option o : Options.ALL) {
      v.put(o.name(), o.defaultValue());
    }
    String file = flags.getOrDefault(Options.CONFIG.name(), env.getOrDefault(Options.CONFIG.envName(), ""));
    if (!file.isEmpty()) {
      putChecked(v, readFile(Path.of(file)), "config file " + file);
    }
    for (Option o : Options.ALL) {
      String e = env.get(o.envName());
      if (e != null) {
        v.put(o.name(), e);
      }
    }
    putChecked(v, flags, "flag");
    return new WeftConfig(v);
  }

  public static WeftConfig defaults() {
    return load(List.of(), Map.of());
  }

  /** A copy with some settings replaced (tests, subcommands). */
  public WeftConfig with(Map<String, String> overrides) {
    Map<String, String> v = new LinkedHashMap<>(values);
    putChecked(v, overrides, "override");
    return new WeftConfig(v);
  }

  public String get(Option o) {
    return values.get(o.name());
  }

  public int getInt(Option o) {
    try {
      return Integer.parseInt(get(o).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(o.name() + " must be a whole number, got '" + get(o) + "'");
    }
  }

  public long getLong(Option o) {
    try {
      return Long.parseLong(get(o).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(o.name() + " must be a whole number, got '" + get(o) + "'");
    }
  }

  public double getDouble(Option o) {
    try {
      return Double.parseDouble(get(o).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(o.name() + " must be a number, got '" + get(o) + "'");
    }
  }

  /** A duration like 150ms, 1.5s, 1h30m, in microseconds. */
  public long getMicros(Option o) {
    try {
      return Durations.parseMicros(get(o));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(o.name() + ": " + e.getMessage());
    }
  }

  public List<String> getList(Option o) {
    List<String> out = new ArrayList<>();
    for (String s : get(o).split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /** The options part of {@code weft --help} (the command line adds the usage of each command). */
  public static String help() {
    StringBuilder sb = new StringBuilder();
    sb.append("Every option can also be set in the --config file or as WEFT_NAME in the environment\n")
      .append("(upper case, '.' and '-' as '_'); flags win over environment, environment over file.\n\n");
    for (Option o : Options.ALL) {
      sb.append(String.format("  --%-34s %s%n", o.name() + "=" + (o.defaultValue().isEmpty() ? "\"\"" : o.defaultValue()),
          o.description()));
    }
    return sb.toString();
  }

  /** Flags as a name → value map, in order; {@code --name} alone means "true". */
  public static Map<String, String> parseFlags(List<String> args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.length() == 2) {
        throw new ConfigException("unexpected argument '" + a + "' (options look like --name=value)");
      }
      String body = a.substring(2);
      int eq = body.indexOf('=');
      if (eq >= 0) {
        flags.put(body.substring(0, eq), body.substring(eq + 1));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        flags.put(body, args.get(++i));
      } else {
        flags.put(body, "true");
      }
    }
    return flags;
  }

  private static void putChecked(Map<String, String> target, Map<String, String> source, String where) {
    for (Map.Entry<String, String> e : source.entrySet()) {
      if (!target.containsKey(e.getKey())) {
        throw new ConfigException("unknown option '" + e.getKey() + "' in " + where + " (see --help)");
      }
      target.put(e.getKey(), e.getValue());
    }
  }

  private static Map<String, String> readFile(Path path) {
    try {
      String text = Files.readString(path);
      ObjectMapper mapper = text.stripLeading().startsWith("{") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
      JsonNode root = mapper.readTree(text);
      Map<String, String> out = new LinkedHashMap<>();
      if (root != null) {
        flatten("", root, out);
      }
      return out;
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
    }
  }

  /** Nested keys join with dots: {collector: {otlp: {grpc: {port: 1}}}} is collector.otlp.grpc.port. */
  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(n -> items.add(n.asText()));
      out.put(prefix, String.join(",", items));
    } else {
      out.put(prefix, node.asText());
    }
  }
}
