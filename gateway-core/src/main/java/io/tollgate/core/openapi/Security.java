package io.tollgate.core.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.tollgate.core.api.ApiType;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Security schemes and requirements, as AWS imports them: a scheme with {@code x-amazon-apigateway-authorizer} is an
 * authorizer (named as the scheme, made even when no operation uses it); a plain {@code apiKey} scheme makes the
 * operations that require it need an API key; {@code x-amazon-apigateway-authtype: awsSigv4} (or an operation's
 * {@code x-amazon-apigateway-auth: {type: AWS_IAM}}) is IAM. An operation's own {@code security} replaces the
 * document's.
 */
final class Security {

    private static final String EXT = "x-amazon-apigateway-";

    private final RawDocument raw;
    private final ImportContext context;
    private final ApiType type;
    private final @Nullable List<Map<String, List<String>>> rootRequirements;
    private final Map<String, String> authorizerTypes = new LinkedHashMap<>();
    private final Set<String> apiKeys = new LinkedHashSet<>();
    private final Set<String> iam = new LinkedHashSet<>();
    private final Set<String> plain = new LinkedHashSet<>();

    Security(OpenAPI openApi, RawDocument raw, ImportContext context, ApiType type) {
        this.raw = raw;
        this.context = context;
        this.type = type;
        this.rootRequirements = openApi.getSecurity() == null ? null : OpenApiImporter.requirements(openApi.getSecurity());
    }

    /** The authorizers of the document's schemes, by name (each scheme classified on the way). */
    Map<String, Object> authorizers() {
        Map<String, Object> authorizers = new LinkedHashMap<>();
        raw.securitySchemes().forEach((name, value) -> {
            String pointer = ImportContext.pointer(raw.securitySchemesPointer(), name);
            Map<String, Object> scheme = context.object(value, pointer);
            Object authorizer = scheme.get(EXT + "authorizer");
            String authType = context.text(scheme.get(EXT + "authtype"), pointer + "/" + EXT + "authtype");
            if (authorizer != null) {
                Map<String, Object> mapped = authorizer(name, scheme, context.object(authorizer,
                        ImportContext.pointer(pointer, EXT + "authorizer")), pointer);
                if (mapped != null && "JWT".equals(mapped.get("type"))) {
                    // Tollgate's own export: what AWS's JWT authorizers have no place for
                    Map<String, Object> own = context.object(scheme.get("x-tollgate-authorizer"),
                            pointer + "/x-tollgate-authorizer");
                    String keys = context.text(own.get("jwkSetUri"), pointer + "/x-tollgate-authorizer/jwkSetUri");
                    if (keys != null && !keys.isBlank()) {
                        mapped.put("jwk-set-uri", keys.trim());
                    }
                    Integer skew = context.integer(own.get("clockSkewInSeconds"),
                            pointer + "/x-tollgate-authorizer/clockSkewInSeconds");
                    if (skew != null) {
                        mapped.put("clock-skew", skew + "s");
                    }
                }
                if (mapped != null) {
                    authorizers.put(name, mapped);
                    context.from("authorizers." + name, pointer);
                }
            } else if (authType != null && authType.trim().equalsIgnoreCase("awsSigv4")) {
                iam.add(name);
            } else if ("apiKey".equalsIgnoreCase(String.valueOf(scheme.get("type")))) {
                apiKeys.add(name);
                String header = String.valueOf(scheme.get("name"));
                if (!"header".equalsIgnoreCase(String.valueOf(scheme.get("in")))
                        || !header.equalsIgnoreCase("x-api-key")) {
                    context.warn(pointer, "API keys are read from the x-api-key header (or an authorizer's "
                            + "usageIdentifierKey), as AWS's; '" + header + "' is not read");
                }
            } else {
                plain.add(name);
            }
        });
        return authorizers;
    }

    private @Nullable Map<String, Object> authorizer(String name, Map<String, Object> scheme,
                                                     Map<String, Object> authorizer, String schemePointer) {
        String pointer = ImportContext.pointer(schemePointer, EXT + "authorizer");
        String kind = context.upper(authorizer.get("type"), pointer + "/type");
        Map<String, Object> result = new LinkedHashMap<>();
        String header = scheme.get("name") instanceof String text ? text : "Authorization";
        if (kind == null) {
            context.error(pointer + "/type", "an authorizer's type must be set (token, request, cognito_user_pools"
                    + (type == ApiType.HTTP ? ", jwt" : "") + ")");
            return null;
        }
        String credentials = context.text(authorizer.get("authorizerCredentials"), pointer + "/authorizerCredentials");
        if (credentials != null && !credentials.isBlank()) {
            context.warn(pointer + "/authorizerCredentials", "no IAM role is assumed to call the authorizer; ignored");
        }
        switch (kind) {
            case "TOKEN", "REQUEST" -> {
                authorizerTypes.put(name, kind);
                result.put("type", kind);
                String uri = context.text(authorizer.get("authorizerUri"), pointer + "/authorizerUri");
                String function = uri == null ? null : Lambdas.function(uri, context);
                if (function == null) {
                    context.error(pointer + "/authorizerUri", "a Lambda authorizer's authorizerUri must name a Lambda "
                            + "function");
                    return null;
                }
                result.put("implementation", function);
                List<String> sources = new ArrayList<>();
                if (kind.equals("TOKEN")) {
                    // the scheme's header, or the source as Tollgate's export writes it
                    List<String> written = identitySources(authorizer.get("identitySource"), pointer + "/identitySource");
                    sources.addAll(written.isEmpty() ? List.of("method.request.header." + header) : written);
                    String expression = context.text(authorizer.get("identityValidationExpression"),
                            pointer + "/identityValidationExpression");
                    if (expression != null && !expression.isBlank()) {
                        result.put("validation-expression", expression);
                    }
                } else {
                    sources.addAll(identitySources(authorizer.get("identitySource"), pointer + "/identitySource"));
                }
                if (!sources.isEmpty()) {
                    result.put("identity-sources", sources);
                }
                Integer ttl = context.integer(authorizer.get("authorizerResultTtlInSeconds"),
                        pointer + "/authorizerResultTtlInSeconds");
                if (ttl != null) {
                    result.put("result-ttl", ttl + "s");
                }
                if (type == ApiType.HTTP) {
                    String version = context.text(authorizer.get("authorizerPayloadFormatVersion"),
                            pointer + "/authorizerPayloadFormatVersion");
                    if (version != null && !version.isBlank()) {
                        // AWS takes 1 and 2 (numbers in YAML) for 1.0 and 2.0
                        result.put("payload-format-version", version.trim().equals("1") ? "1.0"
                                : version.trim().equals("2") ? "2.0" : version.trim());
                    }
                    Boolean simple = context.bool(authorizer.get("enableSimpleResponses"),
                            pointer + "/enableSimpleResponses");
                    if (simple != null) {
                        result.put("simple-responses", simple);
                    }
                }
            }
            case "COGNITO_USER_POOLS" -> {
                authorizerTypes.put(name, "JWT");
                result.put("type", "JWT");
                List<?> arns = context.list(authorizer.get("providerARNs"), pointer + "/providerARNs");
                String arn = arns.isEmpty() ? null : context.text(arns.get(0), pointer + "/providerARNs/0");
                int pool = arn == null ? -1 : arn.indexOf(":userpool/");
                if (arn == null || pool < 0) {
                    context.error(pointer + "/providerARNs", "a Cognito authorizer needs its user pool's ARN "
                            + "(arn:aws:cognito-idp:REGION:ACCOUNT:userpool/POOL_ID)");
                    return null;
                }
                if (arns.size() > 1) {
                    context.warn(pointer + "/providerARNs", "only the first user pool's tokens are accepted");
                }
                String[] parts = arn.split(":");
                String region = parts.length > 3 && !parts[3].isBlank() ? parts[3] : context.options.region();
                result.put("issuer", "https://cognito-idp." + region + ".amazonaws.com/"
                        + arn.substring(pool + ":userpool/".length()));
                result.put("identity-sources", List.of("method.request.header." + header));
            }
            case "JWT" -> {
                authorizerTypes.put(name, "JWT");
                result.put("type", "JWT");
                Map<String, Object> jwt = context.object(authorizer.get("jwtConfiguration"),
                        pointer + "/jwtConfiguration");
                String issuer = context.text(jwt.get("issuer"), pointer + "/jwtConfiguration/issuer");
                String discovery = context.text(scheme.get("openIdConnectUrl"), schemePointer + "/openIdConnectUrl");
                if ((issuer == null || issuer.isBlank()) && discovery != null
                        && discovery.trim().endsWith("/.well-known/openid-configuration")) {
                    // an openIdConnect scheme: the issuer is the discovery document's (AWS reads it from there)
                    issuer = discovery.trim().substring(0, discovery.trim().length()
                            - "/.well-known/openid-configuration".length());
                }
                if (issuer == null || issuer.isBlank()) {
                    context.error(pointer + "/jwtConfiguration/issuer", "a JWT authorizer needs its issuer");
                    return null;
                }
                result.put("issuer", issuer.trim());
                List<String> audiences = new ArrayList<>();
                List<?> listed = context.list(jwt.get("audience"), pointer + "/jwtConfiguration/audience");
                for (int i = 0; i < listed.size(); i++) {
                    String audience = context.text(listed.get(i), pointer + "/jwtConfiguration/audience/" + i);
                    if (audience != null) {
                        audiences.add(audience);
                    }
                }
                if (!audiences.isEmpty()) {
                    result.put("audiences", audiences);
                }
                List<String> sources = identitySources(authorizer.get("identitySource"), pointer + "/identitySource");
                if (!sources.isEmpty()) {
                    result.put("identity-sources", sources);
                }
            }
            default -> {
                context.error(pointer + "/type", "unknown authorizer type '" + kind.toLowerCase(Locale.ROOT) + "'");
                return null;
            }
        }
        return result;
    }

    private List<String> identitySources(@Nullable Object value, String pointer) {
        List<String> sources = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String text = context.text(list.get(i), pointer + "/" + i);
                if (text != null && !text.isBlank()) {
                    sources.add(text.trim());
                }
            }
        } else {
            String text = context.text(value, pointer);
            if (text != null) {
                for (String source : text.split(",")) {
                    if (!source.isBlank()) {
                        sources.add(source.trim());
                    }
                }
            }
        }
        return sources;
    }

    /** Sets the route's authorization from the operation's requirements (or the document's) and its auth extension. */
    void apply(Map<String, Object> route, Operation operation, Map<String, Object> extensions, String pointer) {
        List<Map<String, List<String>>> requirements = operation.getSecurity() != null
                ? OpenApiImporter.requirements(operation.getSecurity()) : rootRequirements;
        String at = operation.getSecurity() != null ? pointer + "/security" : "/security";
        if (requirements != null) {
            if (requirements.size() > 1 && type == ApiType.HTTP) {
                context.error(at, "an HTTP API's route takes one security requirement (IAM, a Lambda authorizer or a JWT "
                        + "authorizer), as AWS's import says");
                return;
            }
            if (requirements.size() > 1) {
                context.warn(at, "several security requirements: all of them apply together, as AWS applies them");
            }
            for (Map<String, List<String>> requirement : requirements) {
                requirement.forEach((name, scopes) -> requirement(route, name, scopes, at));
            }
        }
        Object auth = extensions.get(EXT + "auth");
        if (auth != null) {
            String authPointer = ImportContext.pointer(pointer, EXT + "auth");
            String authType = context.upper(context.object(auth, authPointer).get("type"), authPointer + "/type");
            if ("AWS_IAM".equals(authType)) {
                route.remove("authorizer");
                route.remove("authorization-scopes");
                route.put("authorization-type", "AWS_IAM");
            } else if ("NONE".equals(authType)) {
                if (!route.containsKey("authorizer")) {
                    route.put("authorization-type", "NONE");
                }
            } else if (authType != null) {
                context.error(authPointer + "/type", "'" + authType + "' must be NONE or AWS_IAM");
            }
        }
    }

    private void requirement(Map<String, Object> route, String name, List<String> scopes, String pointer) {
        if (authorizerTypes.containsKey(name)) {
            if (route.containsKey("authorizer") && !route.get("authorizer").equals(name)) {
                context.warn(pointer, "a route has one authorizer: '" + route.get("authorizer") + "' is kept, '" + name
                        + "' is not applied");
                return;
            }
            route.put("authorizer", name);
            if (!scopes.isEmpty()) {
                if (authorizerTypes.get(name).equals("JWT")) {
                    route.put("authorization-scopes", List.copyOf(scopes));
                } else {
                    context.warn(pointer, "scopes apply to JWT and Cognito authorizers only; those of '" + name
                            + "' are ignored");
                }
            }
        } else if (apiKeys.contains(name)) {
            route.put("api-key-required", true);
        } else if (iam.contains(name)) {
            route.put("authorization-type", "AWS_IAM");
        } else if (plain.contains(name)) {
            context.warn(pointer, "security scheme '" + name + "' has no " + EXT + "authorizer: nothing checks it "
                    + "(as on AWS)");
        } else {
            context.error(pointer, "no security scheme named '" + name + "'");
        }
    }
}
