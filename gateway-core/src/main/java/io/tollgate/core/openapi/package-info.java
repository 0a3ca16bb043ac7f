/**
 * OpenAPI documents with Amazon API Gateway's {@code x-amazon-apigateway-*} extensions, imported into an API's
 * definition (the shape of the {@code tollgate.apis.<name>} properties, read and checked as the configuration is):
 * {@link io.tollgate.core.openapi.OpenApiImporter}. Every item Tollgate cannot serve as written is a
 * {@link io.tollgate.core.openapi.ImportWarning} naming its JSON pointer and what happens instead.
 */
@NullMarked
package io.tollgate.core.openapi;

import org.jspecify.annotations.NullMarked;
