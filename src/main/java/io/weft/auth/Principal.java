package io.weft.auth;

import java.util.Set;

/**
 * Who a request comes from once its token is checked: a name for logs, the tenant it belongs to (null:
 * none named; tenancy decides what that means), what it may do, and until when (epoch ms; a token from
 * the tokens file does not expire: {@link Long#MAX_VALUE}).
 */
public record Principal(String name, String tenant, Set<Permission> permissions, long expiresAtMs) {
  public Principal {
    permissions = Set.copyOf(permissions);
  }

  public boolean may(Permission p) {
    return permissions.contains(p);
  }
}
