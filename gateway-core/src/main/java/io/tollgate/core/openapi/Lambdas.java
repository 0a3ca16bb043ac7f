package io.tollgate.core.openapi;

import org.jspecify.annotations.Nullable;

/**
 * Lambda functions named by ARN in integration and authorizer URIs
 * ({@code arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123:function:Calc/invocations},
 * or the function's own ARN), resolved to the function beans that serve them: the {@link LambdaFunctionResolver}'s
 * answer when there is one, else the configured bean for the ARN, for {@code name:alias} or for the name, else the
 * bean named as the function.
 */
final class Lambdas {

    private Lambdas() {
    }

    /** Whether {@code uri} invokes a Lambda function. */
    static boolean isLambda(String uri) {
        return uri.startsWith("arn:") && (uri.contains(":lambda:path/") || uri.contains(":lambda:") && uri.contains(":function:"));
    }

    /** The function's own ARN in {@code uri}, or null when it names none. */
    static @Nullable String functionArn(String uri) {
        int functions = uri.indexOf("/functions/");
        String arn = functions >= 0 ? uri.substring(functions + "/functions/".length()) : uri;
        int invocations = arn.indexOf("/invocations");
        if (invocations >= 0) {
            arn = arn.substring(0, invocations);
        }
        return arn.contains(":function:") ? arn : null;
    }

    /** The function bean serving {@code uri}'s function, or null when {@code uri} names no function. */
    static @Nullable String function(String uri, ImportContext context) {
        String arn = functionArn(uri);
        if (arn == null) {
            return null;
        }
        LambdaFunctionResolver resolver = context.options.resolver();
        String resolved = resolver == null ? null : resolver.resolve(arn);
        if (resolved != null && !resolved.isBlank()) {
            return resolved;
        }
        String qualified = arn.substring(arn.indexOf(":function:") + ":function:".length());
        String name = qualified.contains(":") ? qualified.substring(0, qualified.indexOf(':')) : qualified;
        for (String key : new String[] {arn, qualified, name}) {
            String configured = context.options.functions().get(key);
            if (configured != null) {
                return configured;
            }
        }
        return name;
    }
}
