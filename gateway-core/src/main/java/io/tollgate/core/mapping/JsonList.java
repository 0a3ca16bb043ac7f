package io.tollgate.core.mapping;

import java.util.ArrayList;

/**
 * A JSON array as templates see it: a list whose text form is compact JSON ({@code [{"foo":"bar"}]}), as
 * {@code $input.path} renders arrays in Amazon API Gateway, also when nested inside an object.
 */
public final class JsonList extends ArrayList<Object> {

    private static final long serialVersionUID = 1L;

    @Override
    public String toString() {
        return TemplateJson.write(this);
    }
}
