package io.weft.model;

/** An operation name with the span kind it was seen with ("" when unknown). */
public record Operation(String name, String spanKind) {}
