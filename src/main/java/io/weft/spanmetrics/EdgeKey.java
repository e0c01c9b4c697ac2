package io.weft.spanmetrics;

/**
 * An edge of the service graph as Tempo's metrics-generator names it: the calling service, the
 * called one, and the connection type ("" for a direct call, {@code messaging_system} for producer
 * to consumer, {@code virtual_node} or {@code database} where one side sent no span).
 */
public record EdgeKey(String client, String server, String connectionType) {
  public static final String DIRECT = "";
  public static final String MESSAGING = "messaging_system";
  public static final String VIRTUAL = "virtual_node";
  public static final String DATABASE = "database";
  /** Tempo's name for the caller of a root server span. */
  public static final String USER = "user";
}
