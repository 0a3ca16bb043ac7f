package io.tollgate.core.usage;

import io.tollgate.core.api.Api;
import io.tollgate.core.api.Problem;
import io.tollgate.core.api.Route;
import io.tollgate.core.api.Stage;
import io.tollgate.core.api.usage.Throttle;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.RouteContext;
import io.tollgate.core.pipeline.StepFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Adds the metering stage to the routes that need one: those requiring an API key, and every route when a stage,
 * route or account throttle applies to it.
 */
public final class UsageStepFactory implements StepFactory {

    private final UsageControl control;

    public UsageStepFactory(UsageControl control) {
        this.control = control;
    }

    /** Problems of the plans against the APIs: API stages and route keys that do not exist. */
    public List<Problem> problems(List<Api> apis) {
        List<Problem> problems = new ArrayList<>();
        for (UsagePlan plan : control.plans()) {
            for (int i = 0; i < plan.apiStages().size(); i++) {
                UsagePlan.ApiStage apiStage = plan.apiStages().get(i);
                String path = "usage-plans." + plan.name() + ".api-stages[" + i + "]";
                // an API's stages may serve different deployments of it: each is one of these
                List<Api> named = apis.stream().filter(a -> a.name().equals(apiStage.api())).toList();
                if (named.isEmpty()) {
                    problems.add(new Problem(path + ".api", "no api named '" + apiStage.api() + "'"));
                    continue;
                }
                Api api = named.stream().filter(a -> a.stage(apiStage.stage()) != null).findFirst().orElse(null);
                if (api == null) {
                    problems.add(new Problem(path + ".stage", "api '" + apiStage.api() + "' has no stage '"
                            + apiStage.stage() + "'"));
                    continue;
                }
                for (String key : apiStage.routeThrottles().keySet()) {
                    if (api.routes().stream().noneMatch(r -> r.key().toString().equals(key))) {
                        problems.add(new Problem(path + ".route-throttles[" + key + "]", "api '" + api.name()
                                + "' has no route '" + key + "'"));
                    }
                }
            }
        }
        return problems;
    }

    @Override
    public Optional<PipelineStep> create(RouteContext context) {
        if (context.route().isEmpty()) {
            return Optional.empty();
        }
        Route route = context.route().get();
        Api api = context.api();
        Stage stage = context.stage();
        String routeKey = route.key().toString();
        Throttle routeThrottle = stage.routeThrottles().get(routeKey);
        Throttle stageThrottle = routeThrottle != null ? routeThrottle : stage.throttle();
        // the whole name is its Redis Cluster hash tag (braces percent-encoded), so that a route's own ({id}) is not
        String stageBucket = "{" + ("stage:" + api.name() + ":" + stage.name() + (routeThrottle != null ? ":" + routeKey : ""))
                .replace("{", "%7B").replace("}", "%7D") + "}";
        List<UsageStep.PlanRoute> plans = new ArrayList<>();
        if (route.apiKeyRequired()) {
            for (UsagePlan plan : control.plans()) {
                UsagePlan.ApiStage apiStage = plan.apiStage(api.name(), stage.name());
                if (apiStage != null) {
                    Throttle override = apiStage.routeThrottles().get(routeKey);
                    plans.add(new UsageStep.PlanRoute(plan, override != null ? override : plan.throttle(),
                            "plan:" + plan.name() + ":" + (override != null ? api.name() + ":" + stage.name() + ":"
                                    + routeKey + ":" : "")));
                }
            }
        }
        if (!route.apiKeyRequired() && stageThrottle == null && control.account() == null) {
            return Optional.empty();
        }
        return Optional.of(new UsageStep(control, route.apiKeyRequired(), api.apiKeySource(), plans, stageThrottle, stageBucket));
    }
}
