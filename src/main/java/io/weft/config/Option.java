package io.weft.config;

/** One setting: its flag name (also its config-file key), default, and what it does. */
public record Option(String name, String defaultValue, String description) {

  /** The environment variable that overrides it: WEFT_ + name, upper case, '.' and '-' as '_'. */
  public String envName() {
    return "WEFT_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
