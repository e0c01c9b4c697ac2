package io.weft.net;

import java.net.BindException;

/**
 * A listener that could not open: names the listener and the address, so the node's start-up failure
 * says which port to change. {@link #inUse()}: the port is taken (by another process, often another node).
 */
public final class ListenException extends IllegalStateException {
  private final String what;
  private final String host;
  private final int port;

  public ListenException(String what, String host, int port, Throwable cause) {
    super("cannot listen for " + what + " on " + host + ":" + port + ": " + cause.getMessage(), cause);
    this.what = what;
    this.host = host;
    this.port = port;
  }

  public String what() {
    return what;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Whether the address is already taken (rather than, say, not an address of this host). */
  public boolean inUse() {
    Throwable c = getCause();
    return c instanceof BindException || (c != null && String.valueOf(c.getMessage()).contains("in use"));
  }
}
