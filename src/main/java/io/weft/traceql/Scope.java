package io.weft.traceql;

/** Where an attribute is looked up: {@code .name} (span, then resource), or one scope. */
enum Scope {
  UNSCOPED(""), SPAN("span"), RESOURCE("resource"), EVENT("event"), LINK("link"), INSTRUMENTATION("instrumentation");

  final String prefix;

  Scope(String prefix) {
    this.prefix = prefix;
  }

  static Scope of(String prefix) {
    for (Scope s : values()) {
      if (s.prefix.equals(prefix)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no scope " + prefix);
  }
}
