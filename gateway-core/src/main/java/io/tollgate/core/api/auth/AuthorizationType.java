package io.tollgate.core.api.auth;

/** How a route authorizes its callers, as Amazon API Gateway's {@code authorizationType}. */
public enum AuthorizationType {
    /** Open to anyone the resource policy lets in. */
    NONE,
    /** A JWT authorizer of the API: a bearer token signed by a trusted issuer. */
    JWT,
    /** A custom authorizer of the API (AWS's Lambda authorizer, here an application bean). */
    CUSTOM,
    /** AWS Signature Version 4 on the request, checked against the gateway's IAM credentials. */
    AWS_IAM
}
