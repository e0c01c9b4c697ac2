package io.weft.net;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.SSLEngineOptions;
import io.weft.config.ConfigException;
import java.util.Locale;

/**
 * Which TLS implementation Netty runs ({@code tls.engine}): BoringSSL through netty-tcnative when its
 * native library loads on this platform ({@code auto}, the default, else the JDK's), or one forced.
 * BoringSSL's AES-GCM and handshakes cost the OTLP gRPC path far less CPU than the JDK's SSLEngine.
 */
public enum TlsEngine {
  AUTO, JDK, OPENSSL;

  public static TlsEngine parse(String option, String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(option + " must be auto, jdk or openssl, got '" + text + "'");
    }
  }

  /** BoringSSL's native library loaded (netty-tcnative-boringssl-static for this platform). */
  public static boolean openSslAvailable() {
    return OpenSSLEngineOptions.isAvailable();
  }

  /** The engine options to set on a listener's or client's options; a forced openssl that cannot load fails. */
  public SSLEngineOptions options() {
    return switch (this) {
      case JDK -> new JdkSSLEngineOptions();
      case OPENSSL -> {
        if (!openSslAvailable()) {
          throw new ConfigException("tls.engine=openssl: BoringSSL (netty-tcnative) does not load here: "
              + OpenSSLEngineOptions.class.getSimpleName() + " unavailable; use auto or jdk");
        }
        yield new OpenSSLEngineOptions();
      }
      case AUTO -> openSslAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions();
    };
  }

  /** What {@link #options()} picks, for the start log: "openssl" or "jdk". */
  public String effective() {
    return options() instanceof OpenSSLEngineOptions ? "openssl" : "jdk";
  }
}
