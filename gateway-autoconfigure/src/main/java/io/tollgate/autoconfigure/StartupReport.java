package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.integration.FunctionIntegration;
import io.tollgate.core.api.integration.HttpIntegration;
import io.tollgate.core.api.integration.HttpProxyIntegration;
import io.tollgate.core.api.integration.Integration;
import io.tollgate.core.api.integration.MockIntegration;
import io.tollgate.core.server.Gateway;
import io.tollgate.core.server.Mount;

import java.util.Comparator;
import java.util.List;

/**
 * What the gateway serves, as one block of text for the startup log: each API with its type and base path, its stages
 * and where each is served, and its route keys with their integration targets. A password in a URI and the values of
 * its query are masked; stage variables' values are not shown (URIs show the {@code ${stageVariables.x}} references).
 */
final class StartupReport {

    private StartupReport() {
    }

    static String describe(Gateway gateway) {
        List<Api> apis = gateway.apis();
        StringBuilder report = new StringBuilder(256).append("Tollgate serves ").append(apis.size())
                .append(apis.size() == 1 ? " API:" : " APIs:");
        for (Api api : apis) {
            report.append("\n  ").append(api.name()).append(" (").append(api.type()).append(", base path ")
                    .append(api.basePath()).append(')');
            List<Mount> mounts = gateway.mounts().stream().filter(m -> m.api() == api)
                    .sorted(Comparator.comparing(m -> m.stage().name())).toList();
            for (Mount mount : mounts) {
                report.append("\n    stage ").append(mount.stage().name()).append(" at ")
                        .append(mount.prefix().isEmpty() ? "/" : mount.prefix());
            }
            for (Route route : api.routes()) {
                report.append("\n    ").append(route.key()).append(" -> ").append(target(route.integration()));
            }
        }
        return report.toString();
    }

    /** An integration's type and target, with secrets masked. */
    static String target(Integration integration) {
        if (integration instanceof HttpProxyIntegration proxy) {
            return "HTTP_PROXY " + method(proxy.method()) + SecretMask.uri(proxy.uri().text());
        }
        if (integration instanceof HttpIntegration http) {
            return "HTTP " + method(http.method()) + SecretMask.uri(http.uri().text());
        }
        if (integration instanceof FunctionIntegration function) {
            return "FUNCTION " + function.function();
        }
        if (integration instanceof MockIntegration mock) {
            return "MOCK " + mock.statusCode();
        }
        return integration.type().name();
    }

    private static String method(String method) {
        return "ANY".equals(method) ? "" : method + " ";
    }
}
