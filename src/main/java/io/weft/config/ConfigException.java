package io.weft.config;

/** A setting that cannot be used; Main prints the message and exits with status 2. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
