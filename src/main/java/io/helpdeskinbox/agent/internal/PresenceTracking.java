package io.helpdeskinbox.agent.internal;

import io.helpdeskinbox.agent.Presence;
import io.helpdeskinbox.security.InboxPrincipal;
import io.helpdeskinbox.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * An API call with an agent's token that succeeded is a sign the agent is there. Only one that
 * succeeded: a refused request changes nothing, not even this. An agent going ONLINE becomes present
 * right after; the engine then looks at the queue for it (a return is announced and followed).
 */
@Configuration(proxyBeanMethods = false)
class PresenceTracking implements WebMvcConfigurer {

    private final Presence presence;

    PresenceTracking(Presence presence) {
        this.presence = presence;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                    Exception failure) {
                Authentication caller = SecurityContextHolder.getContext().getAuthentication();
                if (failure == null && response.getStatus() < 400 && caller != null
                        && caller.getPrincipal() instanceof InboxPrincipal principal && principal.role() == Role.AGENT) {
                    presence.seen(principal.agentId());
                }
            }
        }).addPathPatterns("/api/**");
    }
}
