package io.weft.query.zipkin;

import io.vertx.ext.web.RoutingContext;

/**
 * Query parameters read as Zipkin's server (Armeria) reads them: an empty value is an absent one,
 * a missing mandatory one and a number that does not parse are 400s with Armeria's and Java's texts.
 */
final class Params {
  private Params() {}

  /** The value, or null when absent or empty. */
  static String optional(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** A mandatory text parameter; present but empty is "" (Zipkin then answers an empty list). */
  static String required(RoutingContext ctx, String name) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      throw new IllegalArgumentException("Mandatory parameter/header/attribute is missing: " + name);
    }
    return v;
  }

  /** A mandatory number: absent is "missing", empty cannot be a primitive. */
  static long requiredLong(RoutingContext ctx, String name) {
    String v = required(ctx, name);
    if (v.isEmpty()) {
      throw new IllegalArgumentException("Cannot set null to primitive type parameter: " + name);
    }
    return Long.parseLong(v); // NumberFormatException: "For input string: ..." as in Zipkin
  }

  static Long optionalLong(RoutingContext ctx, String name) {
    String v = optional(ctx, name);
    return v == null ? null : Long.parseLong(v);
  }

  /** An int with a default; empty is an error, as Armeria cannot apply the default to it. */
  static int intOr(RoutingContext ctx, String name, int dflt) {
    String v = ctx.request().getParam(name);
    if (v == null) {
      return dflt;
    }
    if (v.isEmpty()) {
      throw new IllegalArgumentException("Cannot set null to primitive type parameter: " + name);
    }
    return Integer.parseInt(v);
  }
}
