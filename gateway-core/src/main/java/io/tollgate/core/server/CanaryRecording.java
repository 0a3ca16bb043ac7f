package io.tollgate.core.server;

import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.PipelineCompiler.CompiledPipeline;
import io.tollgate.core.response.GatewayError;

/** Wraps the pipelines of one side of a stage with a canary so that each answer is told to its recorder. */
final class CanaryRecording {

    private CanaryRecording() {
    }

    static Mount watch(Mount mount, boolean canary, CanaryObserver.Recorder recorder) {
        if (recorder == CanaryObserver.Recorder.NONE) {
            return mount;
        }
        CompiledPipeline[] pipelines = new CompiledPipeline[mount.pipelines().length];
        for (int i = 0; i < pipelines.length; i++) {
            pipelines[i] = watch(mount.pipelines()[i], canary, recorder);
        }
        return new Mount(mount.api(), mount.stage(), mount.prefix(), mount.prefixSegments(), mount.routes(),
                mount.routeList(), pipelines, watch(mount.unmatched(), canary, recorder), mount.canary());
    }

    private static CompiledPipeline watch(CompiledPipeline pipeline, boolean canary, CanaryObserver.Recorder recorder) {
        ExchangeHandler handler = pipeline.handler();
        ExchangeHandler watched = exchange -> {
            long start = System.nanoTime();
            return handler.handle(exchange)
                    .doOnNext(reply -> {
                        GatewayError error = reply.error();
                        recorder.record(canary, error != null ? error.status() : reply.status(), System.nanoTime() - start);
                    })
                    .doOnError(e -> recorder.record(canary, 500, System.nanoTime() - start));
        };
        return new CompiledPipeline(watched, pipeline.steps());
    }
}
