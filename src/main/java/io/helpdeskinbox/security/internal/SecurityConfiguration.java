package io.helpdeskinbox.security.internal;

import io.helpdeskinbox.security.ConsoleSessions;
import io.helpdeskinbox.security.Role;
import io.helpdeskinbox.security.TokenService;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.OpaqueTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Bearer-token security and the contract's role matrix. Tokens are opaque and checked against the
 * database by {@link TokenService}: sent in the {@code Authorization} header, or held by the console
 * session the request's cookie names ({@link ConsoleSessions}). Spring Security itself keeps nothing
 * in the session. Refusals (401, 403) are handed to the MVC exception resolvers, so they are the
 * same RFC 9457 problems as every other error.
 *
 * <p>The URL rules decide by role; the rules that depend on the request itself (an agent sets only
 * its own availability, writes only as itself) sit on the controller methods.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties({SecurityProperties.class, RateLimitProperties.class, OidcProperties.class})
class SecurityConfiguration {

    private static final String ADMIN = Role.ADMIN.name();
    private static final String AGENT = Role.AGENT.name();
    private static final String INTEGRATION = Role.INTEGRATION.name();
    static final String CONSOLE_CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Signing in and accepting an invitation: no session yet to protect, and the body is the credential. */
    static final RequestMatcher SIGN_IN = new OrRequestMatcher(
            PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/v1/sessions"),
            PathPatternRequestMatcher.pathPattern(HttpMethod.POST, "/api/v1/invitations/*"));

    /**
     * The CSRF token, in the {@code XSRF-TOKEN} cookie that the console's script reads and sends back
     * as {@code X-XSRF-TOKEN}; {@code SameSite=Lax} like the session's cookie.
     */
    @Bean
    CsrfTokenRepository csrfTokenRepository() {
        CookieCsrfTokenRepository cookie = CookieCsrfTokenRepository.withHttpOnlyFalse();
        cookie.setCookieCustomizer(customizer -> customizer.sameSite("Lax"));
        return cookie;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenService tokens, RateLimits rateLimits, CsrfTokenRepository csrfTokens,
            OidcProperties oidc, ProviderPeople people, ConsoleSessions sessions,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) throws Exception {
        BearerTokenResolver bearerTokens = healthAnswersWhateverTheToken(tokens);
        AuthenticationManager ours = new ProviderManager(new OpaqueTokenAuthenticationProvider(tokens));
        AuthenticationManager providers = oidc.enabled() ? ProviderTokens.authenticationManager(oidc, people) : null;
        // our own opaque tokens, else (with single sign-on) the identity provider's JWTs: told apart by the
        // token the filter already resolved, not by resolving it again
        AuthenticationManager byShape = authentication -> providers != null
                && ProviderTokens.isJwt(((BearerTokenAuthenticationToken) authentication).getToken())
                ? providers.authenticate(authentication) : ours.authenticate(authentication);
        if (oidc.enabled()) {
            SingleSignOnFilters.configure(http, oidc, people, sessions);
        }
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> problems.resolveException(request, response, null, e);
        AccessDeniedHandler forbidden = (request, response, e) -> problems.resolveException(request, response, null, e);
        http
                // a forged request rides on a cookie: only what a console session asks to change needs
                // the CSRF token; a bearer token is never sent by a browser on its own
                .csrf(csrf -> csrf.spa().csrfTokenRepository(csrfTokens)
                        .requireCsrfProtectionMatcher(SessionCsrfFilters::needCsrfToken)
                        // a new CSRF token at sign-in only (ConsoleSessions), not at each request's authentication
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .addFilterAfter(new SessionCsrfFilters.CsrfCookie(), CsrfFilter.class)
                // Spring Security keeps nothing in the session, and changes nothing of it on each request (no
                // session fixation strategy, no CSRF token rotation): a console session holds a token,
                // which SessionAuthentication checks on every request as the bearer filter checks a header's
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionFixation(fixation -> fixation.none()))
                // a stateless API has no logout and no saved request to return to; each of these filters
                // would run on every request for nothing (the servlet API wrapper stays: the health
                // endpoint asks isUserInRole whether to show its components)
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .cors(Customizer.withDefaults())
                // the console's pages run only their own files: no inline script or style, nothing from elsewhere
                .headers(headers -> headers.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                        new OrRequestMatcher(PathPatternRequestMatcher.pathPattern("/"),
                                PathPatternRequestMatcher.pathPattern("/index.html"),
                                PathPatternRequestMatcher.pathPattern("/console/**")),
                        new ContentSecurityPolicyHeaderWriter(CONSOLE_CONTENT_SECURITY_POLICY))))
                .addFilterBefore(new RateLimitFilters.FailedAuthentications(rateLimits, problems),
                        BearerTokenAuthenticationFilter.class)
                .addFilterBefore(new SessionAuthentication(tokens, problems), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilters.PerCaller(rateLimits, problems), BearerTokenAuthenticationFilter.class)
                .oauth2ResourceServer(server -> server
                        // every failure to authenticate a token goes to the problem responses, a token
                        // that could not be checked (the database away) too: 503 there, not a 500 page
                        .withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler((request, response, e) ->
                                        problems.resolveException(request, response, null, e));
                                return filter;
                            }
                        })
                        .bearerTokenResolver(bearerTokens)
                        .authenticationManagerResolver(request -> byShape)
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(forbidden))
                .authorizeHttpRequests(requests -> requests
                        // the completion of a live stream: its request was authorized when it opened
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(SIGN_IN).permitAll()
                        .requestMatchers("/actuator/**", "/api/v1/admin/**", "/api/v1/api-keys/**",
                                "/api/v1/webhooks/**").hasRole(ADMIN)
                        // every role reads everything else
                        .requestMatchers(HttpMethod.GET, "/api/**").authenticated()
                        // the agent may change only its own: checked on the controller method
                        .requestMatchers(HttpMethod.PUT, "/api/v1/agents/*/availability").hasAnyRole(ADMIN, AGENT)
                        .requestMatchers("/api/v1/agents/**", "/api/v1/settings/**", "/api/v1/teams/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/conversations").hasAnyRole(ADMIN, INTEGRATION)
                        // actions and messages; who may write which author is checked with the message
                        .requestMatchers(HttpMethod.POST, "/api/v1/conversations/*/*").hasAnyRole(ADMIN, AGENT, INTEGRATION)
                        // anything else under /api: 401 for strangers, then the usual 404/405 for callers
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll());
        return http.build();
    }

    /**
     * {@code /actuator/health} is public: a load balancer or an ops script that sends a stale or
     * wrong token still gets the public answer (UP/DOWN), not a 401. A valid ADMIN token there still
     * shows the components. Elsewhere the token is resolved as usual.
     */
    private static BearerTokenResolver healthAnswersWhateverTheToken(TokenService tokens) {
        DefaultBearerTokenResolver standard = new DefaultBearerTokenResolver();
        RequestMatcher health = new OrRequestMatcher(PathPatternRequestMatcher.pathPattern("/actuator/health"),
                PathPatternRequestMatcher.pathPattern("/actuator/health/**"));
        return request -> {
            if (!health.matches(request)) {
                return standard.resolve(request);
            }
            try {
                String token = standard.resolve(request);
                if (token != null) {
                    tokens.introspect(token); // throws when it is not valid, or cannot be checked now
                }
                return token;
            } catch (RuntimeException notUsable) {
                return null;
            }
        };
    }

    /**
     * No observation around each security filter (the request's own http.server.requests observation
     * stays): a dozen nested observations on every request cost more than the filters themselves.
     */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * URLs the firewall refuses (encoded slashes, semicolons, control characters) get the same
     * 400 problem as any other malformed request, not the container's error page.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        return (request, response, e) -> problems.resolveException(request, response, null, e);
    }

    /** Browser origins of the frontend; none by default, so a browser on another origin is refused. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(SecurityProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.cors().allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "If-Match", "Idempotency-Key",
                "Last-Event-ID", "X-Request-Id"));
        cors.setExposedHeaders(List.of("ETag", "Location", "Idempotent-Replayed", "WWW-Authenticate", "X-Request-Id"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
