package io.tollgate.core.pipeline;

/**
 * Where a stage sits in a route's pipeline, in Amazon API Gateway's order. Stages wrap what follows them, so the
 * compiled nesting, from the outside in, is: method response (sees every reply, gateway errors included: CORS
 * headers, metrics, access logs), method request (resource policy, CORS preflight, authorizer, API key and usage
 * plan, validation), cache (a hit skips everything inside it), integration request (mappings, request templates),
 * integration response (selection, response templates; sees only the integration's replies), and the integration.
 */
public enum Phase {
    METHOD_RESPONSE,
    METHOD_REQUEST,
    CACHE,
    INTEGRATION_REQUEST,
    INTEGRATION_RESPONSE
}
