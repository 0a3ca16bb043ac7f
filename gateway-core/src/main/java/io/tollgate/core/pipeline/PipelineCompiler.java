package io.tollgate.core.pipeline;

import io.tollgate.core.api.Route;
import io.tollgate.core.api.StepUse;
import io.tollgate.core.api.integration.Integration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles each route into its own pipeline: the steps the route configures (the features' and the named steps it
 * takes), ordered by {@link Phase} and then {@link PipelineStep#order()}, folded around its integration into one
 * {@link ExchangeHandler}. A route with no step is its bare integration.
 */
public final class PipelineCompiler {

    private static final Comparator<PipelineStep> ORDER =
            Comparator.comparing(PipelineStep::phase).thenComparingInt(PipelineStep::order);

    private final List<StepFactory> stepFactories;
    private final List<IntegrationFactory> integrationFactories;
    private final Map<String, NamedStepFactory> namedSteps;
    private final boolean observed;

    public PipelineCompiler(List<StepFactory> stepFactories, List<IntegrationFactory> integrationFactories) {
        this(stepFactories, integrationFactories, Map.of(), false);
    }

    /**
     * @param namedSteps the steps routes take by name
     * @param observed   whether requests may be observed ({@link RequestListener}s): integrations are then timed (and
     *                   traced) on observed requests; otherwise nothing is compiled in for it
     */
    public PipelineCompiler(List<StepFactory> stepFactories, List<IntegrationFactory> integrationFactories,
                            Map<String, NamedStepFactory> namedSteps, boolean observed) {
        this.stepFactories = List.copyOf(stepFactories);
        this.integrationFactories = List.copyOf(integrationFactories);
        this.namedSteps = Map.copyOf(namedSteps);
        this.observed = observed;
    }

    /** A compiled pipeline and the names of its steps, outermost first, ending with the integration. */
    public record CompiledPipeline(ExchangeHandler handler, List<String> steps) {
    }

    /** A named step a route takes that is unknown or refused its arguments; {@code index} is its place in the route's list. */
    public static final class InvalidStepException extends IllegalArgumentException {

        private final int index;
        private final String message;

        InvalidStepException(int index, String message) {
            super(message);
            this.index = index;
            this.message = message;
        }

        public int index() {
            return index;
        }

        /** What is wrong with the step; never null. */
        @Override
        public String getMessage() {
            return message;
        }
    }

    /** Whether a step named {@code name} is known. */
    public boolean knowsStep(String name) {
        return namedSteps.containsKey(name);
    }

    /** The names of the named steps, sorted. */
    public List<String> stepNames() {
        return namedSteps.keySet().stream().sorted().toList();
    }

    /** Compiles a route of an API stage. */
    public CompiledPipeline compile(RouteContext context) {
        Route route = context.route().orElseThrow();
        Integration integration = route.integration();
        ExchangeHandler terminal = integrationFactories.stream()
                .map(f -> f.create(context, integration))
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no integration factory handles " + integration.type()
                        + " integrations (route '" + route.key() + "' of api '" + context.api().name()
                        + "'): is that integration type turned off?"));
        String type = integration.type().name().toLowerCase(Locale.ROOT);
        return fold(context, observed && context.observed() ? IntegrationTiming.timed(terminal, type) : terminal, type);
    }

    /** Compiles a route's steps around {@code terminal}, which stands for its integration (an endpoint's own route). */
    public ExchangeHandler compileAround(RouteContext context, ExchangeHandler terminal) {
        return fold(context, terminal, "endpoint").handler();
    }

    /** Compiles the pipeline that answers requests of an API stage that no route matched. */
    public CompiledPipeline compileUnmatched(RouteContext context, ExchangeHandler terminal) {
        return fold(context, terminal, "gateway-response");
    }

    private CompiledPipeline fold(RouteContext context, ExchangeHandler terminal, String terminalName) {
        List<PipelineStep> steps = new ArrayList<>();
        for (StepFactory factory : stepFactories) {
            factory.create(context).ifPresent(steps::add);
        }
        List<StepUse> uses = context.route().map(Route::steps).orElse(List.of());
        for (int i = 0; i < uses.size(); i++) {
            steps.add(named(context, uses.get(i), i));
        }
        steps.sort(ORDER);
        ExchangeHandler handler = terminal;
        for (int i = steps.size() - 1; i >= 0; i--) {
            PipelineStep step = steps.get(i);
            ExchangeHandler next = handler;
            handler = exchange -> step.apply(exchange, next);
        }
        List<String> names = new ArrayList<>();
        steps.forEach(s -> names.add(s.phase().name().toLowerCase(Locale.ROOT) + ":" + s.name()));
        names.add("integration:" + terminalName);
        return new CompiledPipeline(handler, List.copyOf(names));
    }

    private PipelineStep named(RouteContext context, StepUse use, int index) {
        NamedStepFactory factory = namedSteps.get(use.name());
        if (factory == null) {
            throw new InvalidStepException(index, "no step named '" + use.name() + "'" + (namedSteps.isEmpty()
                    ? " (the gateway has no named step: declare a NamedStepFactory bean)"
                    : " (known: " + String.join(", ", stepNames()) + ")"));
        }
        try {
            PipelineStep step = factory.create(context, use.args());
            if (step == null) {
                throw new InvalidStepException(index, "step '" + use.name() + "' made no step for this route");
            }
            return step;
        } catch (InvalidStepException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidStepException(index, "step '" + use.name() + "': " + e.getMessage());
        }
    }
}
