package io.tollgate.core.api;

/** The definition of a route as a user writes it (raw values, checked when the API is built). */
public final class RouteSpec {

    private final String routeKey;
    private final IntegrationSpec integration;
    private Long maxRequestBodySize;

    public RouteSpec(String routeKey, IntegrationSpec integration) {
        this.routeKey = routeKey;
        this.integration = integration;
    }

    /** The largest request body this route accepts, in bytes; the API's limit when not set. */
    public RouteSpec maxRequestBodySize(Long bytes) {
        this.maxRequestBodySize = bytes;
        return this;
    }

    String routeKey() {
        return routeKey;
    }

    IntegrationSpec integration() {
        return integration;
    }

    Long maxRequestBodySize() {
        return maxRequestBodySize;
    }
}
