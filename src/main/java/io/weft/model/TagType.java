package io.weft.model;

/** Value types of a tag, as in Jaeger's model. */
public enum TagType {
  STRING, BOOL, INT64, FLOAT64, BINARY
}
