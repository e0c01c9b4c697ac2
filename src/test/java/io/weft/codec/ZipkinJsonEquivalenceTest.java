package io.weft.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.weft.model.Span;
import io.weft.tracegen.SampleBodies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ZipkinDecoder#decodeJson} against {@link ReferenceZipkinJsonDecoder}, the zipkin2-builder
 * decoding it replaced: random bodies (fields in any order, repeated or null, unknown fields with
 * nested values, ids of every length, upper case, zeros, numbers; IPv4 and IPv6 in many forms;
 * annotations unsorted and repeated; repeated tag keys; huge numbers, wrong types, broken JSON) and
 * tracegen's bodies. The same Weft spans, or both rejected with a reason.
 */
class ZipkinJsonEquivalenceTest {
  /** Trace ids zipkin2 takes (padded, 128 bits with a zero high half, ...); then ones it refuses. */
  private static final String[] TRACE_IDS = {
      "463ac35c9f6413ad48485a3953bb6124", "48485a3953bb6124", "0000000000000000" + "48485a3953bb6124",
      "0000000000000001" + "48485a3953bb6124", "a", "1", "abc", "463ac35c9f6413ad4", "63ac35c9f6413ad48485a3953bb6124",
      "ffffffffffffffffffffffffffffffff", "00000000000000000000000000000001", "000000000000000000001"};
  private static final String[] BAD_TRACE_IDS = {
      "463AC35C9F6413AD48485A3953BB6124", "48485A3953bb6124", "0", "00000000000000000000000000000000",
      "463ac35c9f6413ad48485a3953bb61245", "", "0x48485a3953bb6124", "48485a3953bb612g", " 48485a3953bb6124",
      "\u0661\u0662", "0000000000000000"};
  private static final String[] SPAN_IDS = {
      "a2fb4a1d1a96d312", "a2fb4a1d1a96d31", "1", "f", "0", "ffffffffffffffff", "8000000000000000", "0001", "000"};
  private static final String[] BAD_SPAN_IDS = {
      "0000000000000000", "00000000000000001", "A2FB4A1D1A96D312", "", "a2fb4a1d1a96d3120", "zz", "-1"};
  private static final String[] NAMES = {
      "GET /Checkout", "get", "", " ", "ünïcode ✓", "emoji \ud83d\ude00", "tab\there", "\u00e9t\u00e9", "x".repeat(70),
      "Mixed-Case"};
  private static final String[] IPS = {
      "10.0.0.1", "192.168.0.9", "010.001.002.003", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1.2.3.",
      ".1.2.3", "1..2.3", "1.2.3.4a", "a.b.c.d", "0.0.0.0", "127.0.0.1", "::1", "::", "2001:db8::c001",
      "2001:DB8:0:0:0:0:0:C001", "2001:db8:0:0:1:0:0:1", "1:0:0:0:2:0:0:0", "1:0:2:0:0:0:0:0", "0:0:0:0:0:0:0:1",
      "::ffff:1.2.3.4", "::FFFF:10.0.0.1", "::1.2.3.4", "::0000:1.2.3.4", "::fffe:1.2.3.4", "1::1.2.3.4",
      "::ffff:1.2.3", "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7", ":1:2:3:4:5:6:7",
      "1:2:3:4:5:6:7:", "1::", "::1:", ":::", "12345::1", "0001:0002::00003", "000000000001::1", "g::1",
      "fe80::1%eth0", "::ffff:0102:0304", "::102:304", "fe80::", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "", "localhost",
      "1.2.3.4:80", "[::1]", "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789", "0:0:0:0:0:ffff:1.2.3.4"};
  private static final String[] TAG_KEYS = {
      "http.method", "error", "Error", "lc", "jaeger.version", "jaegerClient", "jaeger.hostname", "", "k", "é", "a.b"};
  private static final String[] TAG_VALUES = {
      "GET", "", "true", "false", "TRUE", "boom", "ünïcode", "{\"a\":\"b\"}", "x".repeat(60)};
  private static final String[] ANNOTATIONS = {
      "cs", "sr", "ss", "cr", "ws", "", "note", "{\"a\":\"b\"}", "{\"n\":1}", "{\"a\":\"b\",\"c\":\"d\"}", "{", "Wire Send"};

  @Test
  void randomBodiesDecodeAsTheZipkin2PathDid() {
    int accepted = 0;
    int rejected = 0;
    for (int seed = 0; seed < 4000; seed++) {
      Random r = new Random(seed);
      String body = body(r);
      if (compare(body.getBytes(StandardCharsets.UTF_8), "seed " + seed)) {
        accepted++;
      } else {
        rejected++;
      }
    }
    // Both kinds of outcome are exercised in bulk, or the comparison would prove little.
    assertTrue(accepted > 800 && rejected > 800, accepted + " accepted, " + rejected + " rejected");
  }

  @Test
  void tracegenBodiesDecodeAsTheZipkin2PathDid() {
    for (int size : new int[] {1, 100, 512}) {
      for (byte[] body : SampleBodies.bodies("zipkin-json", size, 4, 11)) {
        assertTrue(compare(body, "tracegen " + size));
      }
    }
  }

  @Test
  void brokenJsonIsRejectedByBoth() {
    String good = "{\"traceId\":\"a\",\"id\":\"1\"}";
    for (String body : List.of("", " ", "[", "]", "[" + good, "[" + good + ",]", "[" + good + "]x", "[" + good + "][]",
        "{}", "null", "[null]", "[1]", "[[]]", "[\"a\"]", "[{\"traceId\":\"a\",\"id\":\"1\",}]", "[{\"traceId\" \"a\"}]",
        "[{'traceId':'a','id':'1'}]", "[{\"traceId\":\"a\",\"id\":\"1\"} {}]", "[{\"id\":01}]", "\u00ef\u00bb\u00bf[]",
        "[]  ", "[] \n", "[{\"traceId\":\"a\",\"id\":\"1\",\"name\":\"\\x\"}]", "[{\"traceId\":\"a\",\"id\":\"1\",\"name\":\"a\nb\"}]",
        "[{\"traceId\":\"a\",\"id\":\"1\",\"timestamp\":NaN}]", "[{\"traceId\":\"a\",\"id\":\"1\",\"timestamp\":-}]")) {
      compare(body.getBytes(StandardCharsets.UTF_8), "body " + body);
    }
  }

  /** True when both accepted (the same spans), false when both rejected. */
  private static boolean compare(byte[] body, String what) {
    String text = new String(body, StandardCharsets.UTF_8);
    List<Span> want;
    try {
      want = ReferenceZipkinJsonDecoder.decode(body);
    } catch (CodecException e) {
      try {
        List<Span> got = ZipkinDecoder.decodeJson(body);
        fail(what + ": the zipkin2 path rejected (" + e.getMessage() + ") but the new one read " + got + "\n" + text);
      } catch (CodecException mine) {
        String reason = mine.getMessage();
        assertTrue(reason.startsWith("malformed Zipkin JSON v2: ") && reason.length() > 30, what + ": " + reason);
      }
      return false;
    }
    List<Span> got;
    try {
      got = ZipkinDecoder.decodeJson(body);
    } catch (CodecException e) {
      throw new AssertionError(what + ": the new path rejected (" + e.getMessage() + ") what zipkin2's read\n" + text, e);
    }
    assertEquals(want, got, what + "\n" + text);
    return true;
  }

  // ------------------------------------------------------------------ random bodies

  private static String body(Random r) {
    StringBuilder b = new StringBuilder("[");
    for (int i = r.nextInt(4); i >= 0; i--) {
      b.append(span(r)).append(i > 0 ? "," : "");
    }
    return b.append(']').toString();
  }

  /** A span whose every field is mostly valid, now and then not: about half the bodies pass. */
  private static String span(Random r) {
    List<String> fields = new ArrayList<>();
    boolean shaky = r.nextInt(6) == 0; // only these spans get wrong types, repeated and missing fields
    fields.add(field("traceId", pick(r, shaky && r.nextBoolean() ? BAD_TRACE_IDS : TRACE_IDS), r, shaky));
    String id = pick(r, shaky && r.nextBoolean() ? BAD_SPAN_IDS : SPAN_IDS);
    fields.add(field("id", id, r, shaky));
    if (r.nextBoolean()) {
      fields.add(field("parentId", r.nextInt(4) == 0 ? id : pick(r, shaky && r.nextBoolean() ? BAD_SPAN_IDS : SPAN_IDS), r,
          shaky));
    }
    if (r.nextInt(4) > 0) {
      String[] kinds = shaky ? new String[] {"CLIENT", "client", "Server", "", "SIDEWAYS"}
          : new String[] {"CLIENT", "SERVER", "PRODUCER", "CONSUMER"};
      fields.add(field("kind", pick(r, kinds), r, shaky));
    }
    if (r.nextInt(5) > 0) {
      fields.add(field("name", pick(r, NAMES), r, shaky));
    }
    for (String time : new String[] {"timestamp", "duration"}) {
      if (r.nextInt(5) > 0) {
        fields.add("\"" + time + "\":" + number(r, shaky));
      }
    }
    for (String side : new String[] {"localEndpoint", "remoteEndpoint"}) {
      if (r.nextInt(4) > 0) {
        fields.add("\"" + side + "\":" + endpoint(r, shaky));
      }
    }
    if (r.nextBoolean()) {
      fields.add("\"annotations\":" + annotations(r, shaky));
    }
    if (r.nextInt(3) > 0) {
      fields.add("\"tags\":" + tags(r, shaky));
    }
    for (String flag : new String[] {"debug", "shared"}) {
      if (r.nextInt(3) == 0) {
        String[] values = shaky ? new String[] {"true", "false", "null", "\"true\"", "1"} : new String[] {"true", "false", "null"};
        fields.add("\"" + flag + "\":" + pick(r, values));
      }
    }
    for (int i = r.nextInt(3); i > 0; i--) {
      fields.add("\"" + pick(r, new String[] {"x", "traceID", "Name", "annotation", "links"}) + "\":" + anyValue(r, 2));
    }
    for (int i = shaky ? r.nextInt(3) : 0; i > 0; i--) { // a repeated field: the last one counts
      fields.add(fields.get(r.nextInt(fields.size())).replaceFirst("\":.*", "\":")
          + pick(r, new String[] {"null", "\"b\"", "\"a2fb4a1d1a96d313\"", "5", "{}", "[]"}));
    }
    if (shaky && r.nextInt(3) == 0) {
      fields.remove(r.nextInt(fields.size())); // a missing id or trace id now and then
    }
    Collections.shuffle(fields, r);
    return "{" + String.join(",", fields) + "}";
  }

  private static String field(String name, String value, Random r, boolean shaky) {
    return "\"" + name + "\":" + (shaky ? stringOrNot(r, value) : quote(value));
  }

  /** The value as a JSON string, or (shaky spans) as null, a number, a boolean or an object. */
  private static String stringOrNot(Random r, String value) {
    return switch (r.nextInt(12)) {
      case 0 -> "null";
      case 1 -> Long.toString(Math.abs(r.nextLong() % 100000));
      case 2 -> "1.5";
      case 3 -> "true";
      case 4 -> "{\"a\":1}";
      default -> quote(value);
    };
  }

  private static String number(Random r, boolean shaky) {
    String[] usual = {"1700000000000000", "1700000000000123", "2000", "1", "0", "-5", "9223372036854775807",
        "-9223372036854775808", "\"1700000000000000\"", "\"-3\"", "\"+7\"", "null", "-0", "\"007\""};
    String[] odd = {"99999999999999999999", "-99999999999999999999", "1.5", "1e6", "\"abc\"", "\"\"", "true", "[]",
        "{}", "0.0", "\"1.0\""};
    return shaky && r.nextBoolean() ? pick(r, odd) : pick(r, usual);
  }

  private static String endpoint(Random r, boolean shaky) {
    if (shaky && r.nextInt(6) == 0) {
      return pick(r, new String[] {"null", "{}", "\"svc\"", "[]", "{\"serviceName\":null}", "{\"x\":1}"});
    }
    List<String> fields = new ArrayList<>();
    if (r.nextInt(4) > 0) {
      fields.add("\"serviceName\":" + (shaky ? stringOrNot(r, pick(r, NAMES)) : quote(pick(r, NAMES))));
    }
    for (String family : new String[] {"ipv4", "ipv6"}) {
      if (r.nextBoolean()) {
        fields.add("\"" + family + "\":" + quote(r.nextInt(4) == 0 ? randomIpv6(r) : pick(r, IPS)));
      }
    }
    if (r.nextBoolean()) {
      String[] usual = {"8080", "443", "0", "65535", "1", "-1", "4294967376", "\"80\"", "null", "-4294967216",
          "2147483648", "-2147483648", "\"-7\""};
      String[] odd = {"65536", "8.5", "\"x\"", "99999999999999999999", "4294967295000", "\"65536\""};
      fields.add("\"port\":" + (shaky && r.nextBoolean() ? pick(r, odd) : pick(r, usual)));
    }
    if (r.nextInt(5) == 0) {
      fields.add("\"ipv4\":null");
    }
    if (r.nextInt(5) == 0) {
      fields.add("\"extra\":" + anyValue(r, 2));
    }
    Collections.shuffle(fields, r);
    return "{" + String.join(",", fields) + "}";
  }

  /** IPv6 text from random groups: zeros runs, leading zeros, case, "::" in random places. */
  private static String randomIpv6(Random r) {
    int n = 1 + r.nextInt(9);
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int v = r.nextInt(3) == 0 ? 0 : r.nextInt(3) == 0 ? r.nextInt(16) : r.nextInt(0x10000);
      String g = Integer.toHexString(v);
      if (r.nextInt(4) == 0) {
        g = "0".repeat(r.nextInt(3)) + g;
      }
      groups.add(r.nextBoolean() ? g.toUpperCase() : g);
    }
    String text = String.join(":", groups);
    if (r.nextBoolean()) {
      int at = r.nextInt(groups.size() + 1);
      List<String> parts = new ArrayList<>(groups);
      parts.add(at, "");
      text = String.join(":", parts);
      if (at == 0 || at == parts.size() - 1) {
        text = at == 0 ? ":" + text : text + ":";
      }
    }
    return text;
  }

  private static String annotations(Random r, boolean shaky) {
    if (shaky && r.nextInt(5) == 0) {
      return pick(r, new String[] {"{}", "\"cs\"", "[1]", "[null]"});
    }
    List<String> items = new ArrayList<>();
    for (int i = r.nextInt(5); i > 0; i--) {
      String ts = Long.toString(1_700_000_000_000_000L + r.nextInt(4));
      String item = "{\"timestamp\":" + (shaky && r.nextInt(4) == 0 ? number(r, true) : ts)
          + ",\"value\":" + (shaky && r.nextInt(6) == 0 ? stringOrNot(r, "x") : quote(pick(r, ANNOTATIONS))) + "}";
      if (shaky && r.nextInt(6) == 0) {
        item = pick(r, new String[] {"{\"value\":\"x\"}", "{\"timestamp\":1}", "{\"timestamp\":1,\"value\":\"x\",\"y\":[1]}"});
      }
      items.add(item);
      if (r.nextInt(4) == 0) {
        items.add(item); // a repeat
      }
    }
    Collections.shuffle(items, r);
    return "[" + String.join(",", items) + "]";
  }

  private static String tags(Random r, boolean shaky) {
    if (shaky && r.nextInt(6) == 0) {
      return pick(r, new String[] {"[]", "\"a\"", "{\"k\":null}", "{\"k\":true}", "{\"k\":{}}"});
    }
    List<String> items = new ArrayList<>();
    for (int i = r.nextInt(6); i > 0; i--) {
      String value = r.nextInt(8) == 0 ? pick(r, new String[] {"5", "1.25", "-0"}) : quote(pick(r, TAG_VALUES));
      items.add(quote(r.nextInt(3) == 0 ? "tag." + r.nextInt(5) : pick(r, TAG_KEYS)) + ":" + value);
    }
    Collections.shuffle(items, r);
    return "{" + String.join(",", items) + "}";
  }

  private static String anyValue(Random r, int depth) {
    int k = r.nextInt(depth > 0 ? 7 : 4);
    return switch (k) {
      case 0 -> "null";
      case 1 -> "\"s\"";
      case 2 -> "-1.5e3";
      case 3 -> "false";
      case 4 -> "[" + anyValue(r, depth - 1) + "," + anyValue(r, depth - 1) + "]";
      default -> "{\"a\":" + anyValue(r, depth - 1) + ",\"traceId\":" + anyValue(r, depth - 1) + "}";
    };
  }

  private static String pick(Random r, String[] values) {
    return values[r.nextInt(values.length)];
  }

  /** A JSON string; some characters escaped as \\u, the way some senders write them. */
  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 'é') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
