package io.weft.model;

/**
 * Value types of a tag: Jaeger's five, plus OTLP's two structured values. An ARRAY holds a list of
 * tags with empty keys, a MAP a list of keyed tags (OTLP's {@code arrayValue} and {@code kvlistValue});
 * Jaeger-shaped outputs show both as a STRING holding their JSON, as Jaeger does.
 */
public enum TagType {
  STRING, BOOL, INT64, FLOAT64, BINARY, ARRAY, MAP
}
