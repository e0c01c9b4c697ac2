package io.weft.codec;

import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A Zipkin JSON v2 endpoint as zipkin2's {@code Endpoint.Builder} takes it: an IP replaces only its own
 * family's half ({@link ZipkinIp}), an unparseable one is ignored, a port above 65535 is an error and
 * one below 1 none, and an endpoint with nothing in it is none. One instance per reader, reused.
 */
final class ZipkinEndpointReader {
  private final ZipkinJsonTokens tokens;
  private final ZipkinIp ip = new ZipkinIp();
  String service;
  String ipv4;
  byte[] ipv4Bytes;
  String ipv6;
  byte[] ipv6Bytes;
  int port;

  ZipkinEndpointReader(ZipkinJsonTokens tokens) {
    this.tokens = tokens;
  }

  /** Reads the endpoint at the parser; its fields are all null or 0 when it has none. */
  ZipkinEndpointReader read() throws IOException {
    tokens.expect(JsonToken.START_OBJECT, "an endpoint");
    service = null;
    ipv4 = null;
    ipv4Bytes = null;
    ipv6 = null;
    ipv6Bytes = null;
    port = 0;
    String field;
    while ((field = tokens.p.nextFieldName()) != null) {
      JsonToken v = tokens.p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (field) {
        case "serviceName" -> service = tokens.string(field, v);
        case "ipv4", "ipv6" -> {
          tokens.string(field, v);
          if (ip.parse(tokens.lastString)) { // an address replaces only its own family's half
            if (ip.ipv4 != null) {
              ipv4 = ip.ipv4;
              ipv4Bytes = ip.ipv4Bytes;
            } else {
              ipv6 = ip.ipv6;
              ipv6Bytes = ip.ipv6Bytes;
            }
          }
        }
        case "port" -> {
          long n = tokens.number(field, v);
          int port = (int) n; // as zipkin2's int port(int) receives it
          if (port > 0xffff) {
            throw new IllegalArgumentException("invalid port " + port);
          }
          this.port = Math.max(0, port);
        }
        default -> tokens.p.skipChildren();
      }
    }
    return this;
  }
}
