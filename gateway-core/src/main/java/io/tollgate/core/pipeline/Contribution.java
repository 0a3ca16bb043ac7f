package io.tollgate.core.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link GatewayFeature} adds to one gateway: steps (placed by their phase and order), integration types,
 * listeners of requests (metrics, logs, traces), checks of the model, and the endpoints of API types that are not routed
 * by method and path ({@link ApiEndpointFactory}).
 */
public record Contribution(List<StepFactory> steps, List<IntegrationFactory> integrations,
                           List<RequestListenerFactory> listeners, List<ModelCheck> checks,
                           List<ApiEndpointFactory> endpoints) {

    /** Nothing. */
    public static final Contribution NONE = new Contribution(List.of(), List.of(), List.of(), List.of());

    public Contribution {
        steps = List.copyOf(steps);
        integrations = List.copyOf(integrations);
        listeners = List.copyOf(listeners);
        checks = List.copyOf(checks);
        endpoints = List.copyOf(endpoints);
    }

    /** A contribution without endpoints. */
    public Contribution(List<StepFactory> steps, List<IntegrationFactory> integrations,
                        List<RequestListenerFactory> listeners, List<ModelCheck> checks) {
        this(steps, integrations, listeners, checks, List.of());
    }

    /** Endpoints of API types only. */
    public static Contribution endpoints(ApiEndpointFactory... endpoints) {
        return new Contribution(List.of(), List.of(), List.of(), List.of(), List.of(endpoints));
    }

    /** Steps only. */
    public static Contribution steps(StepFactory... steps) {
        return new Contribution(List.of(steps), List.of(), List.of(), List.of());
    }

    /** Integration types only. */
    public static Contribution integrations(IntegrationFactory... integrations) {
        return new Contribution(List.of(), List.of(integrations), List.of(), List.of());
    }

    /** Listeners of requests only. */
    public static Contribution listeners(RequestListenerFactory... listeners) {
        return new Contribution(List.of(), List.of(), List.of(listeners), List.of());
    }

    /** This and a check of the model. */
    public Contribution withCheck(ModelCheck check) {
        List<ModelCheck> all = new ArrayList<>(checks);
        all.add(check);
        return new Contribution(steps, integrations, listeners, all, endpoints);
    }
}
