package io.weft;

import io.weft.agent.AgentSettings;
import io.weft.auth.AuthGate;
import io.weft.auth.AuthSettings;
import io.weft.config.WeftConfig;
import io.weft.metrics.WeftMetrics;
import io.weft.net.CorsPolicy;
import io.weft.net.NetLimits;
import io.weft.net.TlsEngine;
import io.weft.net.TlsFiles;
import io.weft.net.TlsSettings;
import io.weft.query.http.JaegerUiSettings;
import io.weft.sampling.SamplingSettings;
import io.weft.sampling.adaptive.AdaptiveSettings;
import io.weft.sampling.tail.TailSampling;
import org.slf4j.LoggerFactory;

/**
 * The settings a node reads once at launch and hands to its roles. Read in the constructor, so a bad
 * value (or a bad tail-sampling policy file) stops the node before anything runs.
 *
 * @param agent the agent's settings (null when this node can never run the agent), likewise {@code sampling}
 * @param tls the listeners' certificate files (null without TLS)
 */
record LaunchSettings(AgentSettings agent, SamplingSettings sampling, AdaptiveSettings adaptive, TailSampling tail,
    TlsFiles tls, NetLimits netLimits, CorsPolicy cors, TlsEngine tlsEngine, AuthGate auth, JaegerUiSettings jaegerUi) {

  /** @param agentPossible the agent runs here, or may later (clustered: every node may be given it) */
  static LaunchSettings read(WeftConfig config, WeftMetrics metrics, boolean agentPossible) {
    TlsSettings tlsSettings = TlsSettings.from(config);
    TlsFiles tls = tlsSettings.enabled() ? new TlsFiles(tlsSettings) : null;
    if (tls != null) {
      LoggerFactory.getLogger(WeftNode.class).info("TLS engine: {}", tlsSettings.engine().effective());
    }
    return new LaunchSettings(
        agentPossible ? AgentSettings.from(config) : null,
        agentPossible ? SamplingSettings.from(config) : null,
        AdaptiveSettings.from(config),
        TailSampling.from(config, metrics),
        tls, NetLimits.from(config), CorsPolicy.from(config), tlsSettings.engine(),
        AuthGate.create(AuthSettings.from(config), metrics.meterRegistry()),
        JaegerUiSettings.from(config));
  }
}
