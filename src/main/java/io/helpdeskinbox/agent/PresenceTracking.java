package io.helpdeskinbox.agent;

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
 * An API call with an agent's token is a sign the agent is there: seen before the call is handled,
 * so an agent that goes ONLINE is present when its availability commits.
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
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                Authentication caller = SecurityContextHolder.getContext().getAuthentication();
                if (caller != null && caller.getPrincipal() instanceof InboxPrincipal principal
                        && principal.role() == Role.AGENT) {
                    presence.seen(principal.agentId());
                }
                return true;
            }
        }).addPathPatterns("/api/**");
    }
}
