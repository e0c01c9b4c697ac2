package io.weft.model;

public enum RefType {
  CHILD_OF, FOLLOWS_FROM
}
