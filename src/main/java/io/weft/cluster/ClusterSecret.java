package io.weft.cluster;

import com.hazelcast.cluster.Member;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cluster secret ({@code cluster.secret}), checked by Weft where Hazelcast's open-source edition
 * checks nothing. A member shows it knows the secret by a proof among its member attributes: an
 * HMAC-SHA256, under the secret, of a random nonce and the attributes that decide its roles (pinned
 * roles, capacity, admin address), so they cannot be changed without the secret either. A member whose
 * proof does not verify is left out of {@link Membership} (no roles, no spans, not asked by queries)
 * and out of the event bus's routing ({@link TrustedClusterManager}). Every event-bus message carries a
 * token derived from the secret; a message without it is dropped on arrival, so a member without the
 * secret cannot call the members' stores, queries or admin addresses either. The proof and the token
 * travel in clear unless the event bus runs TLS (token) - Hazelcast's port (proof) never does: see
 * docs/security.md.
 */
public final class ClusterSecret {
  static final String ATTR_NONCE = "weft.nonce";
  static final String ATTR_PROOF = "weft.proof";
  static final String BUS_HEADER = "weft-bus-token";
  static final ClusterSecret NONE = new ClusterSecret(null);

  private final byte[] key;
  private final String busToken;

  private ClusterSecret(byte[] key) {
    this.key = key;
    this.busToken = key == null ? null : mac("weft.bus.v1");
  }

  public static ClusterSecret of(String secret) {
    return secret == null || secret.isEmpty() ? NONE : new ClusterSecret(secret.getBytes(StandardCharsets.UTF_8));
  }

  public boolean enabled() {
    return key != null;
  }

  static String nonce() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The proof a member with these attributes publishes. */
  String proof(String nonce, String pinned, String capacity, String admin) {
    return mac("weft.member.v1\n" + nonce + "\n" + pinned + "\n" + capacity + "\n" + admin);
  }

  /** Whether a Hazelcast member proves the secret (always, when no secret is configured). */
  boolean verify(Member m) {
    if (key == null) {
      return true;
    }
    String nonce = m.getAttribute(ATTR_NONCE);
    String proof = m.getAttribute(ATTR_PROOF);
    if (nonce == null || proof == null) {
      return false;
    }
    String expected = proof(nonce, String.valueOf(m.getAttribute(ClusterBoot.ATTR_PINNED)),
        String.valueOf(m.getAttribute(ClusterBoot.ATTR_CAPACITY)), String.valueOf(m.getAttribute(ClusterBoot.ATTR_ADMIN)));
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), proof.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Every message leaving this Vert.x carries the token; one arriving without it (from a process that
   * lacks the secret) is dropped and counted. The header is taken off before handlers (and bridges,
   * which pass headers on to their clients) see the message.
   */
  void guard(EventBus bus, Counter dropped) {
    if (key == null) {
      return;
    }
    bus.addOutboundInterceptor((DeliveryContext<Object> ctx) -> {
      ctx.message().headers().set(BUS_HEADER, busToken);
      ctx.next();
    });
    bus.addInboundInterceptor((DeliveryContext<Object> ctx) -> {
      String token = ctx.message().headers().get(BUS_HEADER);
      if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII),
          busToken.getBytes(StandardCharsets.US_ASCII))) {
        dropped.increment();
        return;
      }
      ctx.message().headers().remove(BUS_HEADER);
      ctx.next();
    });
  }

  private String mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return key == null ? "(no cluster secret)" : "(cluster secret set)";
  }
}
