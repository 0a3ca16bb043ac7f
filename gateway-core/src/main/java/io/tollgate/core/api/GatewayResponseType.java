package io.tollgate.core.api;

/**
 * Amazon API Gateway's gateway response types: every error the gateway itself produces is one of them, with AWS's
 * default status and message. {@code errorType} is the {@code x-amzn-ErrorType} header REST APIs send.
 */
public enum GatewayResponseType {
    ACCESS_DENIED(403, "Forbidden", "AccessDeniedException"),
    API_CONFIGURATION_ERROR(500, "Internal server error", "InternalServerErrorException"),
    AUTHORIZER_CONFIGURATION_ERROR(500, "Internal server error", "AuthorizerConfigurationException"),
    AUTHORIZER_FAILURE(500, "Internal server error", "AuthorizerFailureException"),
    BAD_REQUEST_PARAMETERS(400, "Bad request", "BadRequestException"),
    BAD_REQUEST_BODY(400, "Invalid request body", "BadRequestException"),
    DEFAULT_4XX(400, "Bad request", "BadRequestException"),
    DEFAULT_5XX(500, "Internal server error", "InternalServerErrorException"),
    EXPIRED_TOKEN(403, "Token expired", "ExpiredTokenException"),
    INTEGRATION_FAILURE(504, "Internal server error", "InternalServerErrorException"),
    INTEGRATION_TIMEOUT(504, "Endpoint request timed out", "InternalServerErrorException"),
    INVALID_API_KEY(403, "Forbidden", "ForbiddenException"),
    INVALID_SIGNATURE(403, "Invalid signature", "InvalidSignatureException"),
    MISSING_AUTHENTICATION_TOKEN(403, "Missing Authentication Token", "MissingAuthenticationTokenException"),
    QUOTA_EXCEEDED(429, "Limit Exceeded", "LimitExceededException"),
    REQUEST_TOO_LARGE(413, "Request Too Long", "RequestTooLongException"),
    RESOURCE_NOT_FOUND(404, "Not Found", "ResourceNotFoundException"),
    THROTTLED(429, "Too Many Requests", "TooManyRequestsException"),
    UNAUTHORIZED(401, "Unauthorized", "UnauthorizedException"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type", "UnsupportedMediaTypeException"),
    WAF_FILTERED(403, "Forbidden", "WAFFilteredException");

    private final int defaultStatus;
    private final String defaultMessage;
    private final String errorType;

    GatewayResponseType(int defaultStatus, String defaultMessage, String errorType) {
        this.defaultStatus = defaultStatus;
        this.defaultMessage = defaultMessage;
        this.errorType = errorType;
    }

    public int defaultStatus() {
        return defaultStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** The {@code x-amzn-ErrorType} value REST APIs send with this response. */
    public String errorType() {
        return errorType;
    }

    /** {@code DEFAULT_4XX} or {@code DEFAULT_5XX}: the fallback a customisation of this type inherits from. */
    public GatewayResponseType fallback() {
        return defaultStatus >= 500 ? DEFAULT_5XX : DEFAULT_4XX;
    }
}
