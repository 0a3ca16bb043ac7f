package io.tollgate.core.api.auth;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A custom authorizer (AWS's Lambda authorizer): an application component named {@code implementation} decides
 * from the identity sources, answering an IAM policy or, with {@code simpleResponses}, {@code isAuthorized}.
 *
 * @param name                  the name routes refer to
 * @param type                  {@link Type#TOKEN} (one header) or {@link Type#REQUEST} (headers, query, stage
 *                              variables, context)
 * @param implementation        the name of the component that decides (a bean name)
 * @param identitySources       the values that identify the caller: a missing or empty one is refused with 401
 *                              before the authorizer runs; together they are the cache key
 * @param validationExpression  for TOKEN: a regular expression the token must match, or null
 * @param resultTtl             how long a decision is cached ({@code 0} disables)
 * @param payloadFormatVersion  {@code 1.0} or {@code 2.0}: the shape of the event (HTTP APIs; REST APIs use 1.0)
 * @param simpleResponses       whether the answer is {@code {isAuthorized, context}} (payload 2.0) rather than a policy
 * @param timeout               how long the authorizer may take before the request fails with 500
 */
public record CustomAuthorizer(String name, Type type, String implementation, List<IdentitySource> identitySources,
                               @Nullable Pattern validationExpression, Duration resultTtl, String payloadFormatVersion,
                               boolean simpleResponses, Duration timeout) implements Authorizer {

    /** Amazon API Gateway's default result TTL: 300 s. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    /** The largest result TTL AWS allows: 3600 s. */
    public static final Duration MAX_TTL = Duration.ofSeconds(3600);
    /** Amazon API Gateway's authorizer timeout: 10 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public CustomAuthorizer {
        identitySources = List.copyOf(identitySources);
    }

    /** The kinds of custom authorizer. */
    public enum Type {
        TOKEN, REQUEST
    }
}
