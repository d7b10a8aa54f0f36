/**
 * Agents: the directory, availability and capacity, the counter of the conversations each manages
 * now (AgentCounters, the only writer of that column), and presence (who is actually connected).
 */
@ApplicationModule(displayName = "Agents", allowedDependencies = {"infrastructure", "security", "web"})
package io.helpdeskinbox.agent;

import org.springframework.modulith.ApplicationModule;
