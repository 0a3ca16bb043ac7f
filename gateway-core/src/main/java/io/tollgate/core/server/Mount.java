package io.tollgate.core.server;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.ApiType;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.Stage;
import io.tollgate.core.pipeline.PipelineCompiler.CompiledPipeline;
import io.tollgate.core.routing.RouteTable;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * One API stage where it is served: its path prefix (base path + stage prefix), the API's route table, and the
 * compiled pipeline of each route for this stage. {@code canary}, when the stage has one, is the same stage serving
 * its canary deployment at the same prefix, to the share of requests its {@link Stage#canary() split} chooses.
 */
public record Mount(Api api, Stage stage, String prefix, String[] prefixSegments, RouteTable<Integer> routes,
                    List<Route> routeList, CompiledPipeline[] pipelines, CompiledPipeline unmatched,
                    @Nullable Mount canary) {

    /**
     * Whether every request to this mount is the gateway's, whatever its path: the stage of an API that is not routed by
     * method and path (a WebSocket API's URL, served by its endpoint), which no application handler may shadow.
     */
    public boolean ownsEveryPath() {
        return !routedByPath(api.type());
    }

    /** Whether requests of APIs of {@code type} are routed by method and path (HTTP, REST); the others own their stage. */
    static boolean routedByPath(ApiType type) {
        return type == ApiType.HTTP || type == ApiType.REST;
    }

    /** This mount with {@code canary} serving a share of its requests. */
    Mount withCanary(Mount canary) {
        return new Mount(api, stage, prefix, prefixSegments, routes, routeList, pipelines, unmatched, canary);
    }
}
