package io.tollgate.core.validation;

import io.tollgate.core.pipeline.Contribution;
import io.tollgate.core.pipeline.GatewayFeature;
import io.tollgate.core.pipeline.GatewayResources;

/** Request validators: parameters and JSON bodies checked against the routes' models. Without it they are ignored. */
public final class RequestValidationFeature implements GatewayFeature {

    private final Contribution contribution;

    /** Validators on. */
    public RequestValidationFeature() {
        this(true);
    }

    private RequestValidationFeature(boolean enabled) {
        this.contribution = enabled ? Contribution.steps(new RequestValidationStepFactory()) : Contribution.NONE;
    }

    /** The feature turned off: routes' validators are ignored, as if the feature were absent. */
    public static RequestValidationFeature disabled() {
        return new RequestValidationFeature(false);
    }

    @Override
    public Contribution contribute(GatewayResources resources) {
        return contribution;
    }
}
