package io.tollgate.core.server;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.Stage;
import io.tollgate.core.pipeline.PipelineCompiler.CompiledPipeline;
import io.tollgate.core.routing.RouteTable;

import java.util.List;

/**
 * One API stage where it is served: its path prefix (base path + stage prefix), the API's route table, and the
 * compiled pipeline of each route for this stage.
 */
public record Mount(Api api, Stage stage, String prefix, String[] prefixSegments, RouteTable<Integer> routes,
                    List<Route> routeList, CompiledPipeline[] pipelines, CompiledPipeline unmatched) {
}
