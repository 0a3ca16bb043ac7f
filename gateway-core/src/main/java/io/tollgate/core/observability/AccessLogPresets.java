package io.tollgate.core.observability;

import io.tollgate.core.api.ApiType;
import org.jspecify.annotations.Nullable;

/**
 * The access log formats Amazon API Gateway's console offers, for REST APIs (resource path, caller and user) and
 * HTTP APIs (route key).
 */
final class AccessLogPresets {

    static final String REST_CLF = "$context.identity.sourceIp $context.identity.caller $context.identity.user"
            + " [$context.requestTime] \"$context.httpMethod $context.resourcePath $context.protocol\""
            + " $context.status $context.responseLength $context.requestId $context.extendedRequestId";
    static final String REST_JSON = "{ \"requestId\":\"$context.requestId\", \"extendedRequestId\":\"$context.extendedRequestId\","
            + " \"ip\": \"$context.identity.sourceIp\", \"caller\":\"$context.identity.caller\","
            + " \"user\":\"$context.identity.user\", \"requestTime\":\"$context.requestTime\","
            + " \"httpMethod\":\"$context.httpMethod\", \"resourcePath\":\"$context.resourcePath\","
            + " \"status\":\"$context.status\", \"protocol\":\"$context.protocol\","
            + " \"responseLength\":\"$context.responseLength\" }";
    static final String REST_XML = "<request id=\"$context.requestId\"> <extendedRequestId>$context.extendedRequestId</extendedRequestId>"
            + " <ip>$context.identity.sourceIp</ip> <caller>$context.identity.caller</caller>"
            + " <user>$context.identity.user</user> <requestTime>$context.requestTime</requestTime>"
            + " <httpMethod>$context.httpMethod</httpMethod> <resourcePath>$context.resourcePath</resourcePath>"
            + " <status>$context.status</status> <protocol>$context.protocol</protocol>"
            + " <responseLength>$context.responseLength</responseLength> </request>";
    static final String REST_CSV = "$context.identity.sourceIp,$context.identity.caller,$context.identity.user,"
            + "$context.requestTime,$context.httpMethod,$context.resourcePath,$context.protocol,$context.status,"
            + "$context.responseLength,$context.requestId,$context.extendedRequestId";

    static final String HTTP_CLF = "$context.identity.sourceIp - - [$context.requestTime]"
            + " \"$context.httpMethod $context.routeKey $context.protocol\" $context.status $context.responseLength"
            + " $context.requestId";
    static final String HTTP_JSON = "{ \"requestId\":\"$context.requestId\", \"ip\": \"$context.identity.sourceIp\","
            + " \"requestTime\":\"$context.requestTime\", \"httpMethod\":\"$context.httpMethod\","
            + " \"routeKey\":\"$context.routeKey\", \"status\":\"$context.status\", \"protocol\":\"$context.protocol\","
            + " \"responseLength\":\"$context.responseLength\" }";
    static final String HTTP_XML = "<request id=\"$context.requestId\"> <ip>$context.identity.sourceIp</ip>"
            + " <requestTime>$context.requestTime</requestTime> <httpMethod>$context.httpMethod</httpMethod>"
            + " <routeKey>$context.routeKey</routeKey> <status>$context.status</status>"
            + " <protocol>$context.protocol</protocol> <responseLength>$context.responseLength</responseLength> </request>";
    static final String HTTP_CSV = "$context.identity.sourceIp,$context.requestTime,$context.httpMethod,"
            + "$context.routeKey,$context.protocol,$context.status,$context.responseLength,$context.requestId";

    private AccessLogPresets() {
    }

    /** The preset named {@code name} (upper case) for {@code type}, or null when it is not a preset's name. */
    static @Nullable String of(String name, ApiType type) {
        boolean rest = type == ApiType.REST;
        return switch (name) {
            case "CLF" -> rest ? REST_CLF : HTTP_CLF;
            case "JSON" -> rest ? REST_JSON : HTTP_JSON;
            case "XML" -> rest ? REST_XML : HTTP_XML;
            case "CSV" -> rest ? REST_CSV : HTTP_CSV;
            default -> null;
        };
    }
}
