package io.helpdeskinbox.agent;

/**
 * The agent's name, e-mail address, capacity or skills changed, or its teams: {@code mayGiveWork} when
 * a raised capacity, new skills or a new team may let it take waiting conversations.
 */
public record AgentDetailsChanged(long agentId, boolean mayGiveWork) implements AgentChanged {
}
