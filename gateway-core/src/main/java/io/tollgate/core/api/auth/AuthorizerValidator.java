package io.tollgate.core.api.auth;

import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.Problems;
import io.tollgate.core.api.RouteSpec;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Checks an API's authorizers and its routes' references to them. */
public final class AuthorizerValidator {

    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private final Problems problems;

    public AuthorizerValidator(Problems problems) {
        this.problems = problems;
    }

    public Map<String, Authorizer> authorizers(List<AuthorizerSpec> specs, ApiType apiType) {
        Map<String, Authorizer> authorizers = new LinkedHashMap<>();
        for (AuthorizerSpec spec : specs) {
            String path = "authorizers." + spec.name;
            if (spec.name == null || !NAME.matcher(spec.name).matches()) {
                problems.add(path, "the name must be 1-128 letters, digits, '-' or '_'");
                continue;
            }
            String type = spec.type == null ? "" : spec.type.trim().toUpperCase(Locale.ROOT);
            Authorizer authorizer = switch (type) {
                case "JWT" -> jwt(spec, path);
                case "TOKEN", "REQUEST" -> custom(spec, CustomAuthorizer.Type.valueOf(type), apiType, path);
                default -> {
                    problems.add(path + ".type", "'" + spec.type + "' is not an authorizer type (JWT, TOKEN or REQUEST)");
                    yield null;
                }
            };
            if (authorizer != null) {
                authorizers.put(spec.name, authorizer);
            }
        }
        return authorizers;
    }

    private @Nullable JwtAuthorizer jwt(AuthorizerSpec spec, String path) {
        int before = problems.asList().size();
        URI issuer = uri(spec.issuer, path + ".issuer");
        URI jwkSetUri = uri(spec.jwkSetUri, path + ".jwk-set-uri");
        if (spec.issuer == null || spec.issuer.isBlank()) {
            problems.add(path + ".issuer", "must be set (the tokens' iss; the JWK set is discovered from it unless"
                    + " jwk-set-uri is set)");
        }
        if (spec.audiences.isEmpty() || spec.audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
            problems.add(path + ".audiences", "must name at least one audience, none blank");
        }
        String header = "authorization";
        if (spec.identitySources.size() > 1) {
            problems.add(path + ".identity-sources", "a JWT authorizer reads one header");
        } else if (spec.identitySources.size() == 1) {
            IdentitySource source = IdentitySource.parse(spec.identitySources.get(0), path + ".identity-sources[0]", problems);
            if (source != null && source.kind() != IdentitySource.Kind.HEADER) {
                problems.add(path + ".identity-sources[0]", "a JWT authorizer reads its token from a header");
            } else if (source != null) {
                header = source.name();
            }
        }
        Duration skew = spec.clockSkew == null ? DEFAULT_CLOCK_SKEW : spec.clockSkew;
        if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
            problems.add(path + ".clock-skew", "must be between 0 and 5 minutes");
        }
        noCustomFields(spec, path);
        // issuer is null only when a problem was recorded
        return problems.asList().size() > before || issuer == null ? null
                : new JwtAuthorizer(spec.name, issuer, jwkSetUri, spec.audiences, header, skew);
    }

    private @Nullable CustomAuthorizer custom(AuthorizerSpec spec, CustomAuthorizer.Type type, ApiType apiType,
                                              String path) {
        int before = problems.asList().size();
        List<IdentitySource> sources = new ArrayList<>();
        List<String> raw = spec.identitySources.isEmpty() && type == CustomAuthorizer.Type.TOKEN
                ? List.of("$request.header.Authorization") : spec.identitySources;
        for (int i = 0; i < raw.size(); i++) {
            IdentitySource source = IdentitySource.parse(raw.get(i), path + ".identity-sources[" + i + "]", problems);
            if (source != null) {
                sources.add(source);
            }
        }
        if (type == CustomAuthorizer.Type.TOKEN && (raw.size() != 1
                || (!sources.isEmpty() && sources.get(0).kind() != IdentitySource.Kind.HEADER))) {
            problems.add(path + ".identity-sources", "a TOKEN authorizer reads exactly one header");
        }
        Pattern validation = null;
        if (spec.validationExpression != null && !spec.validationExpression.isEmpty()) {
            if (type != CustomAuthorizer.Type.TOKEN) {
                problems.add(path + ".validation-expression", "applies to TOKEN authorizers only");
            }
            try {
                validation = Pattern.compile(spec.validationExpression);
            } catch (PatternSyntaxException e) {
                problems.add(path + ".validation-expression", "'" + spec.validationExpression
                        + "' is not a regular expression: " + e.getDescription());
            }
        }
        Duration ttl = spec.resultTtl == null ? CustomAuthorizer.DEFAULT_TTL : spec.resultTtl;
        if (ttl.isNegative() || ttl.compareTo(CustomAuthorizer.MAX_TTL) > 0) {
            problems.add(path + ".result-ttl", "must be between 0 and 3600 seconds (0 disables caching)");
        }
        if (!ttl.isZero() && type == CustomAuthorizer.Type.REQUEST && raw.isEmpty()) {
            problems.add(path + ".identity-sources", "a REQUEST authorizer whose results are cached needs identity"
                    + " sources (they are the cache key); set result-ttl to 0 to call it on every request");
        }
        String version = spec.payloadFormatVersion == null ? (apiType == ApiType.HTTP ? "2.0" : "1.0")
                : spec.payloadFormatVersion.trim();
        if (!version.equals("1.0") && !version.equals("2.0")) {
            problems.add(path + ".payload-format-version", "'" + spec.payloadFormatVersion + "' must be 1.0 or 2.0");
        } else if (apiType == ApiType.REST && version.equals("2.0")) {
            problems.add(path + ".payload-format-version", "REST APIs send authorizers payload 1.0");
        }
        boolean simple = Boolean.TRUE.equals(spec.simpleResponses);
        if (simple && !version.equals("2.0")) {
            problems.add(path + ".simple-responses", "simple responses need payload-format-version 2.0");
        }
        Duration timeout = spec.timeout == null ? CustomAuthorizer.DEFAULT_TIMEOUT : spec.timeout;
        if (timeout.compareTo(Duration.ofMillis(10)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            problems.add(path + ".timeout", "must be between 10 ms and 30 s");
        }
        if (spec.issuer != null || spec.jwkSetUri != null || !spec.audiences.isEmpty() || spec.clockSkew != null) {
            problems.add(path, "issuer, jwk-set-uri, audiences and clock-skew apply to JWT authorizers only");
        }
        String implementation = spec.implementation == null || spec.implementation.isBlank() ? spec.name : spec.implementation;
        return problems.asList().size() > before ? null : new CustomAuthorizer(spec.name, type, implementation, sources,
                validation, ttl, version, simple, timeout);
    }

    private void noCustomFields(AuthorizerSpec spec, String path) {
        if (spec.implementation != null || spec.validationExpression != null || spec.resultTtl != null
                || spec.payloadFormatVersion != null || spec.simpleResponses != null || spec.timeout != null) {
            problems.add(path, "implementation, validation-expression, result-ttl, payload-format-version,"
                    + " simple-responses and timeout apply to TOKEN and REQUEST authorizers only");
        }
    }

    private @Nullable URI uri(@Nullable String text, String path) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                    || uri.getHost() == null) {
                problems.add(path, "'" + text + "' must be an absolute http(s) URL");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(path, "'" + text + "' is not a URL: " + e.getReason());
            return null;
        }
    }

    /** The route's authorization, checked against the API's authorizers. */
    public RouteAuthorization route(RouteSpec spec, Map<String, Authorizer> authorizers, List<AuthorizerSpec> declared, String path) {
        String typeText = spec.authorizationType() == null ? null : spec.authorizationType().trim().toUpperCase(Locale.ROOT);
        String name = spec.authorizer() == null || spec.authorizer().isBlank() ? null : spec.authorizer().trim();
        List<String> scopes = spec.authorizationScopes();
        if (typeText != null && !typeText.isEmpty() && !typeText.equals("NONE") && !typeText.equals("AWS_IAM")
                && !typeText.equals("JWT") && !typeText.equals("CUSTOM")) {
            problems.add(path + ".authorization-type", "'" + spec.authorizationType()
                    + "' is not NONE, AWS_IAM, JWT or CUSTOM");
            return RouteAuthorization.NONE;
        }
        if ("AWS_IAM".equals(typeText)) {
            if (name != null) {
                problems.add(path + ".authorizer", "AWS_IAM routes use no authorizer");
            }
            checkNoScopes(scopes, path);
            return new RouteAuthorization(AuthorizationType.AWS_IAM, null, List.of());
        }
        if (name == null) {
            if (typeText != null && (typeText.equals("JWT") || typeText.equals("CUSTOM"))) {
                problems.add(path + ".authorizer", "must name one of the API's authorizers for " + typeText);
            }
            checkNoScopes(scopes, path);
            return RouteAuthorization.NONE;
        }
        Authorizer authorizer = authorizers.get(name);
        if (authorizer == null) {
            if (declared.stream().noneMatch(a -> name.equals(a.name))) {
                problems.add(path + ".authorizer", "'" + name + "' is not one of the API's authorizers "
                        + declared.stream().map(a -> a.name).toList());
            }
            return RouteAuthorization.NONE;
        }
        AuthorizationType type = authorizer instanceof JwtAuthorizer ? AuthorizationType.JWT : AuthorizationType.CUSTOM;
        if (typeText != null && !typeText.isEmpty() && !typeText.equals(type.name())) {
            problems.add(path + ".authorization-type", "'" + spec.authorizationType() + "' does not match authorizer '"
                    + name + "' (" + type + ")");
        }
        if (type != AuthorizationType.JWT) {
            checkNoScopes(scopes, path);
        }
        for (int i = 0; i < scopes.size(); i++) {
            if (scopes.get(i) == null || scopes.get(i).isBlank() || scopes.get(i).contains(" ")) {
                problems.add(path + ".authorization-scopes[" + i + "]", "'" + scopes.get(i) + "' is not a scope");
            }
        }
        return new RouteAuthorization(type, name, scopes);
    }

    private void checkNoScopes(List<String> scopes, String path) {
        if (!scopes.isEmpty()) {
            problems.add(path + ".authorization-scopes", "apply to routes with a JWT authorizer only");
        }
    }
}
