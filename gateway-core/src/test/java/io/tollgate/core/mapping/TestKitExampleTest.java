package io.tollgate.core.mapping;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The template test kit example of docs/mapping-templates.md, kept true by running it. */
class TestKitExampleTest {

    @Test
    void rendersAnOrderTemplate() {
        MappingTemplate template = MappingTemplate.compile("""
                #set($order = $input.path('$'))
                {
                  "petId": $input.json('$.pet'),
                  "quantity": #if($order.qty == "")1#{else}$order.qty#end,
                  "customer": "$util.escapeJavaScript($input.params('x-customer'))",
                  "stage": "$context.stage",
                  "region": "$stageVariables.region"
                }
                #if($order.pet == "")#set($context.responseOverride.status = 400)#end""");

        TemplateResult result = template.render(TemplateInput.builder()
                .body("{\"pet\": 7}")
                .header("x-customer", "O'Brien")
                .stageVariable("region", "eu-west-1")
                .context(Map.of("stage", "prod"))
                .build());

        assertThat(result.body()).contains("\"petId\": 7", "\"quantity\": 1", "\"customer\": \"O\\'Brien\"",
                "\"stage\": \"prod\"", "\"region\": \"eu-west-1\"");
        assertThat(result.statusOverride()).isEmpty();

        TemplateResult missing = template.render(TemplateInput.builder().body("{}").build());
        assertThat(missing.statusOverride()).hasValue(400);
    }
}
