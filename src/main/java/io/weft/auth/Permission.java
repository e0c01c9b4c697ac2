package io.weft.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a caller may do: send spans, read traces (every query API, the UI's data, /metrics), change the cluster. */
public enum Permission {
  WRITE,
  READ,
  ADMIN;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code write,read} (or {@code all}); null when a word is none of these. */
  static Set<Permission> parseList(String text) {
    Set<Permission> out = EnumSet.noneOf(Permission.class);
    for (String part : text.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (p.equals("all")) {
        out.addAll(EnumSet.allOf(Permission.class));
        continue;
      }
      Permission one = of(p);
      if (one == null) {
        return null;
      }
      out.add(one);
    }
    return out;
  }

  static Permission of(String word) {
    for (Permission p : values()) {
      if (p.id().equals(word)) {
        return p;
      }
    }
    return null;
  }
}
