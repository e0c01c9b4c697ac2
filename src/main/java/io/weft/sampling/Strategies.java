package io.weft.sampling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weft.sampling.SamplingStrategy.Operation;
import io.weft.sampling.SamplingStrategy.Operations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategies of a Jaeger strategies file, resolved as Jaeger's static strategy store does:
 *
 * <pre>
 * {"default_strategy": {"type": "probabilistic", "param": 0.5,
 *                       "operation_strategies": [{"operation": "/health", "type": "probabilistic", "param": 0}]},
 *  "service_strategies": [{"service": "foo", "type": "ratelimiting", "param": 5,
 *                          "operation_strategies": [...]}]}
 * </pre>
 *
 * A service without its own entry gets the default. A probabilistic service without operation
 * strategies inherits the default's, with its own rate as their default; a service with some gets the
 * default's for operations it does not list. Operation strategies are probabilistic only (a
 * rate-limiting one is ignored, with a warning, as in Jaeger). Anything else malformed (an unknown
 * type, a rate outside [0, 1], a missing service name) is an error: the file is refused.
 */
public final class Strategies {
  private static final Logger LOG = LoggerFactory.getLogger(Strategies.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SamplingStrategy defaultStrategy;
  private final Map<String, SamplingStrategy> services;

  private Strategies(SamplingStrategy defaultStrategy, Map<String, SamplingStrategy> services) {
    this.defaultStrategy = defaultStrategy;
    this.services = services;
  }

  /** Without a file: every service samples with the given probability. */
  public static Strategies fixed(double probability) {
    return new Strategies(SamplingStrategy.probabilistic(probability), Map.of());
  }

  public SamplingStrategy forService(String service) {
    return services.getOrDefault(service, defaultStrategy);
  }

  /** Parses a strategies file; {@code defaultProbability} is used where the file names no rate. */
  public static Strategies parse(byte[] json, double defaultProbability) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object with default_strategy and/or service_strategies");
    }
    SamplingStrategy def = root.hasNonNull("default_strategy")
        ? service(root.get("default_strategy"), defaultProbability, "default_strategy")
        : SamplingStrategy.probabilistic(defaultProbability);
    Map<String, SamplingStrategy> services = new LinkedHashMap<>();
    JsonNode list = root.path("service_strategies");
    if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
      throw new IllegalArgumentException("service_strategies must be a list");
    }
    for (JsonNode n : list) {
      String name = n.path("service").asText("");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a service strategy without \"service\": " + n);
      }
      services.put(name, inherit(service(n, defaultProbability, "service " + name), def));
    }
    return new Strategies(def, Map.copyOf(services));
  }

  /** Jaeger's merge of a service's operation strategies with the default's. */
  private static SamplingStrategy inherit(SamplingStrategy s, SamplingStrategy def) {
    if (def.operations() == null) {
      return s;
    }
    if (s.operations() == null) {
      return s.type() == SamplingStrategy.Type.PROBABILISTIC
          ? s.withOperations(def.operations().withDefaultProbability(s.probability()))
          : s;
    }
    Map<String, Operation> merged = new LinkedHashMap<>();
    def.operations().perOperation().forEach(o -> merged.put(o.operation(), o));
    s.operations().perOperation().forEach(o -> merged.put(o.operation(), o)); // the service's own win
    List<Operation> sorted = new ArrayList<>(merged.values());
    sorted.sort(Comparator.comparing(Operation::operation));
    return s.withOperations(s.operations().withPerOperation(sorted));
  }

  private static SamplingStrategy service(JsonNode n, double defaultProbability, String where) {
    SamplingStrategy s = strategy(n, where);
    JsonNode ops = n.path("operation_strategies");
    if (!ops.isArray() || ops.isEmpty()) {
      return s;
    }
    double opDefault = s.type() == SamplingStrategy.Type.PROBABILISTIC ? s.probability() : defaultProbability;
    List<Operation> list = new ArrayList<>();
    for (JsonNode o : ops) {
      String op = o.path("operation").asText("");
      String at = where + ", operation " + op;
      SamplingStrategy os = strategy(o, at);
      if (os.type() != SamplingStrategy.Type.PROBABILISTIC) {
        LOG.warn("sampling strategies: {}: operation strategies can only be probabilistic; ignored (the "
            + "operation gets the default {})", at, opDefault);
        continue;
      }
      list.add(new Operation(op, os.probability()));
    }
    return s.withOperations(new Operations(opDefault, 0, 0, list));
  }

  private static SamplingStrategy strategy(JsonNode n, String where) {
    String type = n.path("type").asText("");
    JsonNode param = n.path("param");
    if (!param.isNumber()) {
      throw new IllegalArgumentException(where + ": \"param\" must be a number");
    }
    double p = param.asDouble();
    return switch (type) {
      case "probabilistic" -> {
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException(where + ": a probabilistic param must be between 0 and 1, got " + p);
        }
        yield SamplingStrategy.probabilistic(p);
      }
      case "ratelimiting" -> {
        if (!(p >= 0 && p <= Short.MAX_VALUE)) {
          throw new IllegalArgumentException(where + ": a ratelimiting param must be between 0 and 32767, got " + p);
        }
        yield SamplingStrategy.rateLimiting((int) p);
      }
      default -> throw new IllegalArgumentException(where + ": unknown type \"" + type
          + "\" (use probabilistic or ratelimiting)");
    };
  }
}
