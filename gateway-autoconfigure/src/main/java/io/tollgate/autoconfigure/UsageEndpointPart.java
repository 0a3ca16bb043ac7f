package io.tollgate.autoconfigure;

import io.tollgate.core.usage.ApiKey;
import io.tollgate.core.usage.UsageControl;
import io.tollgate.core.usage.UsagePlan;
import io.tollgate.core.usage.UsageReport;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import reactor.core.publisher.Mono;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The usage plan part of {@code /actuator/tollgate}, present when usage plans are on: {@code plans}, {@code keys}
 * (values masked), {@code usage/{keyId}}, and key management (create, enable/disable, set plans, delete).
 */
final class UsageEndpointPart {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final UsageControl usage;
    private final UsageReport reports;
    private final SecureRandom random = new SecureRandom();

    UsageEndpointPart(UsageControl usage) {
        this.usage = usage;
        this.reports = new UsageReport(usage);
    }

    /** The sections this part serves. */
    static final Set<String> SECTIONS = Set.of("plans", "keys", "usage");

    /** Adds the usage plans and the store's failures to the overview. */
    void overview(Map<String, Object> overview) {
        overview.put("usagePlans", usage.plans().stream().map(UsageEndpointPart::plan).toList());
        overview.put("storeFailures", usage.storeFailures());
    }

    /** {@code plans} or {@code keys}. */
    Mono<WebEndpointResponse<Object>> section(String section) {
        return switch (section) {
            case "plans" -> Mono.just(ok(usage.plans().stream().map(UsageEndpointPart::plan).toList()));
            case "keys" -> usage.keys().findAll().map(UsageEndpointPart::key).collectList().map(UsageEndpointPart::ok);
            default -> Mono.just(notFound(section));
        };
    }

    /** {@code keys/{id}}, or {@code usage/{keyId}?from=2026-11-01&to=2026-11-22} (default: today). */
    Mono<WebEndpointResponse<Object>> item(String section, String id, @Nullable String from,
                                                  @Nullable String to) {
        if (!section.equals("keys") && !section.equals("usage")) {
            return Mono.just(notFound(section));
        }
        return usage.keys().findById(id).flatMap(key -> {
            if (section.equals("keys")) {
                return Mono.just(ok(key(key)));
            }
            LocalDate today = LocalDate.now(usage.clock().withZone(usage.zone()));
            try {
                LocalDate start = from == null ? today : LocalDate.parse(from);
                LocalDate end = to == null ? start : LocalDate.parse(to);
                return reports.usage(key, start, end).collectList()
                        .map(days -> ok(Map.of("keyId", key.id(), "days", days)))
                        .onErrorResume(IllegalArgumentException.class, e -> Mono.just(refused(e)));
            } catch (DateTimeParseException e) {
                return Mono.just(badRequest("from and to are dates like 2026-11-22"));
            }
        }).defaultIfEmpty(notFound("key " + id));
    }

    /**
     * Creates a key ({@code POST /actuator/tollgate/keys} with {@code {"name", "value"?, "usagePlans": "a,b",
     * "enabled"?}}: the actuator reads request bodies as string values); a value is generated when none is given. The
     * answer is the only place the whole value appears.
     */
    Mono<WebEndpointResponse<Object>> create(String section, String name, @Nullable String value,
                                                    @Nullable String usagePlans, @Nullable Boolean enabled) {
        if (!section.equals("keys")) {
            return Mono.just(notFound(section));
        }
        List<String> plans = plans(usagePlans);
        String problem = checkPlans(plans);
        if (problem != null) {
            return Mono.just(badRequest(problem));
        }
        String keyValue = value != null ? value : generate();
        ApiKey key;
        try {
            key = new ApiKey(UUID.randomUUID().toString(), name, keyValue, enabled == null || enabled,
                    Set.copyOf(plans == null ? List.of() : plans), Instant.now(usage.clock()));
        } catch (IllegalArgumentException e) {
            return Mono.just(refused(e));
        }
        return usage.keys().save(key).map(saved -> {
            Map<String, Object> body = key(saved);
            body.put("value", saved.value());
            return new WebEndpointResponse<Object>(body, WebEndpointResponse.STATUS_OK);
        }).onErrorResume(IllegalArgumentException.class, e -> Mono.just(refused(e)));
    }

    /**
     * Enables or disables a key, or sets its plans ({@code POST /actuator/tollgate/keys/{id}} with
     * {@code {"enabled"?, "usagePlans"?: "a,b"}}).
     */
    Mono<WebEndpointResponse<Object>> update(String section, String id,
                                                    @Nullable Boolean enabled, @Nullable String usagePlans) {
        if (!section.equals("keys")) {
            return Mono.just(notFound(section));
        }
        List<String> plans = plans(usagePlans);
        String problem = checkPlans(plans);
        if (problem != null) {
            return Mono.just(badRequest(problem));
        }
        return usage.keys().findById(id)
                .flatMap(key -> usage.keys().save(new ApiKey(key.id(), key.name(), key.value(),
                        enabled == null ? key.enabled() : enabled,
                        plans == null ? key.usagePlans() : Set.copyOf(plans), key.createdAt())))
                .map(saved -> ok(key(saved)))
                .defaultIfEmpty(notFound("key " + id));
    }

    Mono<WebEndpointResponse<Object>> delete(String section, String id) {
        if (!section.equals("keys")) {
            return Mono.just(notFound(section));
        }
        return usage.keys().delete(id).map(deleted -> deleted
                ? new WebEndpointResponse<Object>(WebEndpointResponse.STATUS_NO_CONTENT) : notFound("key " + id));
    }

    private static @Nullable List<String> plans(@Nullable String text) {
        if (text == null) {
            return null;
        }
        return Arrays.stream(text.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }

    private @Nullable String checkPlans(@Nullable List<String> plans) {
        if (plans == null) {
            return null;
        }
        for (String plan : plans) {
            if (usage.plan(plan) == null) {
                return "'" + plan + "' is not a usage plan";
            }
        }
        return null;
    }

    private String generate() {
        StringBuilder value = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return value.toString();
    }

    private static Map<String, Object> plan(UsagePlan plan) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", plan.name());
        values.put("throttle", plan.throttle());
        values.put("quota", plan.quota());
        values.put("apiStages", plan.apiStages());
        return values;
    }

    private static Map<String, Object> key(ApiKey key) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", key.id());
        values.put("name", key.name());
        values.put("value", key.maskedValue());
        values.put("enabled", key.enabled());
        values.put("usagePlans", key.usagePlans().stream().sorted().toList());
        if (key.createdAt() != null) {
            // a key of an ApiKeyRepository bean may not know when it was created
            values.put("createdAt", key.createdAt().toString());
        }
        return values;
    }

    static WebEndpointResponse<Object> ok(Object body) {
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
    }

    static WebEndpointResponse<Object> notFound(String what) {
        return new WebEndpointResponse<>(Map.of("message", "no " + what), WebEndpointResponse.STATUS_NOT_FOUND);
    }

    @SuppressWarnings("NullAway") // the key and usage refusals (IllegalArgumentException) all say what is wrong
    private static WebEndpointResponse<Object> refused(IllegalArgumentException e) {
        return badRequest(e.getMessage());
    }

    private static WebEndpointResponse<Object> badRequest(String message) {
        return new WebEndpointResponse<>(Map.of("message", message), WebEndpointResponse.STATUS_BAD_REQUEST);
    }
}
