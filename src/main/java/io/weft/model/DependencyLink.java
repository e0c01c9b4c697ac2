package io.weft.model;

/** Calls from a parent service to a child service. */
public record DependencyLink(String parent, String child, long callCount) {}
