/**
 * Spring Boot auto-configuration of the gateway: the {@code tollgate.*} properties mapped to the core model, the
 * {@link io.tollgate.core.api.Api} beans and customizers, the actuator endpoint and the startup report.
 */
@NullMarked
package io.tollgate.autoconfigure;

import org.jspecify.annotations.NullMarked;
