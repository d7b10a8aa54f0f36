package io.helpdeskinbox.web.internal;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.webmvc.actuate.endpoint.web.AbstractWebMvcEndpointHandlerMapping;
import org.springframework.boot.webmvc.actuate.endpoint.web.ControllerEndpointHandlerMapping;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The actuator's handler mappings are asked right after the API's instead of before them. Boot
 * orders them first, so every API request walked the actuator's path patterns, matched none, and
 * only then reached its controller: a few per cent of a folder-counts read's CPU. No API path is
 * under {@code /actuator}, so the order changes which mapping is asked first, never which one
 * answers; an actuator request now walks the API's mappings first, and ops call those rarely.
 */
@Component
class ApiMappingsFirst implements BeanPostProcessor {

    /** Right after {@link RequestMappingHandlerMapping} (0), before the static resources (lowest precedence). */
    private static final int AFTER_THE_API = 1;

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        // the endpoints' mappings (the health groups' additional paths among them) and @ControllerEndpoint's
        if (bean instanceof AbstractWebMvcEndpointHandlerMapping || bean instanceof ControllerEndpointHandlerMapping) {
            ((AbstractHandlerMapping) bean).setOrder(AFTER_THE_API);
        }
        return bean;
    }
}
