package io.helpdeskinbox.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdeskinbox.agent.Agent;
import io.helpdeskinbox.infrastructure.Refusal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * The state machine, every action in every state, without a database: what each does (the status
 * it leaves, the change it announces), what is a no-op success, and what is refused with 409. The
 * table below is written out by hand on purpose: it is the contract, checked against the code.
 */
class ConversationTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:15:30Z");
    private static final Cause BY_HAND = Cause.manual("admin", AT);
    private static final Agent ANA = agent(1, "Ana");
    private static final Agent BEN = agent(2, "Ben");
    private static final long CONVERSATION_ID = 42;

    /** Where a conversation can be, with who holds it. */
    enum State {
        NEW_CHAT(c -> c),
        WAITING(c -> {
            c.requestHandoff(BY_HAND);
            return c;
        }),
        HELD_BY_ANA(c -> {
            c.assignTo(ANA, BY_HAND);
            return c;
        }),
        ARCHIVED_FROM_ANA(c -> {
            c.assignTo(ANA, BY_HAND);
            c.archive(BY_HAND);
            return c;
        }),
        ARCHIVED_FROM_QUEUE(c -> {
            c.archive(BY_HAND);
            return c;
        });

        private final java.util.function.UnaryOperator<Conversation> arrange;

        State(java.util.function.UnaryOperator<Conversation> arrange) {
            this.arrange = arrange;
        }

        /** As stored: with its id, as the transitions announce it. */
        Conversation conversation() {
            Conversation started = Conversation.start(new Visitor("Cristóbal Villar", null, null), "web", null, Routing.DEFAULT, false,
                    false, BY_HAND);
            ReflectionTestUtils.setField(started, "id", CONVERSATION_ID);
            return arrange.apply(started);
        }
    }

    enum Action {
        ASSIGN_TO_ANA((c, cause) -> c.assignTo(ANA, cause)),
        ASSIGN_TO_BEN((c, cause) -> c.assignTo(BEN, cause)),
        TRANSFER_TO_ANA((c, cause) -> c.transferTo(ANA, cause)),
        TRANSFER_TO_BEN((c, cause) -> c.transferTo(BEN, cause)),
        UNASSIGN((c, cause) -> c.unassign(cause)),
        ARCHIVE((c, cause) -> c.archive(cause)),
        REOPEN((c, cause) -> c.reopen(cause)),
        HANDOFF((c, cause) -> c.requestHandoff(cause));

        private final BiFunction<Conversation, Cause, Boolean> apply;

        Action(BiFunction<Conversation, Cause, Boolean> apply) {
            this.apply = apply;
        }
    }

    /** What an action does: the status it leaves and what it announces, nothing at all, or 409. */
    record Outcome(ConversationStatus status, Class<? extends ConversationChanged> announced, Long assignee,
            boolean refused) {

        static Outcome change(ConversationStatus status, Class<? extends ConversationChanged> announced,
                Long assignee) {
            return new Outcome(status, announced, assignee, false);
        }

        static Outcome nothing() {
            return new Outcome(null, null, null, false);
        }

        static Outcome conflict() {
            return new Outcome(null, null, null, true);
        }
    }

    private static final Map<State, Map<Action, Outcome>> TABLE = new EnumMap<>(State.class);

    static {
        var U = ConversationStatus.UNASSIGNED;
        var A = ConversationStatus.ASSIGNED;
        var X = ConversationStatus.ARCHIVED;
        for (State waitingOrNot : List.of(State.NEW_CHAT, State.WAITING)) {
            TABLE.put(waitingOrNot, new EnumMap<>(Map.of(
                    Action.ASSIGN_TO_ANA, Outcome.change(A, ConversationAssigned.class, 1L),
                    Action.ASSIGN_TO_BEN, Outcome.change(A, ConversationAssigned.class, 2L),
                    Action.TRANSFER_TO_ANA, Outcome.conflict(),
                    Action.TRANSFER_TO_BEN, Outcome.conflict(),
                    Action.UNASSIGN, Outcome.nothing(),
                    Action.ARCHIVE, Outcome.change(X, ConversationArchived.class, null),
                    Action.REOPEN, Outcome.nothing(),
                    Action.HANDOFF, waitingOrNot == State.WAITING ? Outcome.nothing()
                            : Outcome.change(U, HandoffRequested.class, null))));
        }
        TABLE.put(State.HELD_BY_ANA, new EnumMap<>(Map.of(
                Action.ASSIGN_TO_ANA, Outcome.nothing(),
                Action.ASSIGN_TO_BEN, Outcome.conflict(),
                Action.TRANSFER_TO_ANA, Outcome.nothing(),
                Action.TRANSFER_TO_BEN, Outcome.change(A, ConversationTransferred.class, 2L),
                Action.UNASSIGN, Outcome.change(U, ConversationUnassigned.class, null),
                Action.ARCHIVE, Outcome.change(X, ConversationArchived.class, 1L),
                Action.REOPEN, Outcome.nothing(),
                Action.HANDOFF, Outcome.nothing())));
        for (State archived : List.of(State.ARCHIVED_FROM_ANA, State.ARCHIVED_FROM_QUEUE)) {
            TABLE.put(archived, new EnumMap<>(Map.of(
                    Action.ASSIGN_TO_ANA, Outcome.conflict(),
                    Action.ASSIGN_TO_BEN, Outcome.conflict(),
                    Action.TRANSFER_TO_ANA, Outcome.conflict(),
                    Action.TRANSFER_TO_BEN, Outcome.conflict(),
                    Action.UNASSIGN, Outcome.conflict(),
                    Action.ARCHIVE, Outcome.nothing(),
                    Action.REOPEN, Outcome.change(U, ConversationReopened.class, null),
                    Action.HANDOFF, Outcome.conflict())));
        }
    }

    static Stream<Arguments> everyActionInEveryState() {
        List<Arguments> pairs = new ArrayList<>();
        for (State state : State.values()) {
            for (Action action : Action.values()) {
                pairs.add(Arguments.of(state, action, TABLE.get(state).get(action)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @MethodSource("everyActionInEveryState")
    void everyActionInEveryStateChangesAnnouncesDoesNothingOrIsRefused(State state, Action action, Outcome expected) {
        Conversation conversation = state.conversation();
        ConversationStatus before = conversation.getStatus();
        Long assigneeBefore = conversation.getAssigneeId();
        int announcedBefore = announcements(conversation).size();
        Cause cause = Cause.manual("agent:7", AT.plusSeconds(60));

        if (expected.refused()) {
            assertThatThrownBy(() -> action.apply.apply(conversation, cause))
                    .isInstanceOfSatisfying(ConversationStateConflictException.class, conflict -> {
                        assertThat(conflict.kind()).isEqualTo(Refusal.Kind.CONFLICT);
                        assertThat(conflict.members()).containsEntry("currentStatus", before);
                    });
            assertThat(conversation.getStatus()).isEqualTo(before);
            assertThat(announcements(conversation)).hasSize(announcedBefore);
            return;
        }

        boolean changed = action.apply.apply(conversation, cause);

        List<Object> announced = announcements(conversation).subList(announcedBefore, announcements(conversation).size());
        if (expected.announced() == null) {
            assertThat(changed).as("a no-op success").isFalse();
            assertThat(announced).isEmpty();
            assertThat(conversation.getStatus()).isEqualTo(before);
            assertThat(conversation.getAssigneeId()).isEqualTo(assigneeBefore);
            return;
        }
        assertThat(changed).isTrue();
        assertThat(conversation.getStatus()).isEqualTo(expected.status());
        assertThat(conversation.getAssigneeId()).isEqualTo(expected.assignee());
        assertThat(announced).singleElement().isInstanceOfSatisfying(expected.announced(), change -> {
            assertThat(change.conversationId()).isEqualTo(CONVERSATION_ID);
            assertThat(change.from()).isEqualTo(before);
            assertThat(change.cause()).isEqualTo(cause);
        });
        assertThat(conversation.getUpdatedAt()).isEqualTo(cause.at());
        assertThat(conversation.isWaitingForAgent()).as("waits for an agent exactly when it is in the queue")
                .isEqualTo(expected.status() == ConversationStatus.UNASSIGNED);
    }

    @ParameterizedTest(name = "reopened after {0}")
    @MethodSource("archivedStates")
    void aReopenedConversationNamesTheAgentWhoHandledItOnlyWhenItWasArchivedFromThatAgent(State archived,
            Long handledBy) {
        Conversation conversation = archived.conversation();

        conversation.reopen(BY_HAND);

        ConversationReopened reopened = (ConversationReopened) announcements(conversation)
                .get(announcements(conversation).size() - 1);
        assertThat(reopened.previousAgentId()).isEqualTo(handledBy);
    }

    static Stream<Arguments> archivedStates() {
        return Stream.of(Arguments.of(State.ARCHIVED_FROM_ANA, 1L), Arguments.of(State.ARCHIVED_FROM_QUEUE, null));
    }

    @Test
    void theResponseClockRunsOnlyForTheEnginesAssigneeFromTheAssignmentOrTheFirstUnansweredVisitorMessage() {
        Conversation byEngine = State.WAITING.conversation();
        byEngine.assignTo(ANA, Cause.engine(EventReason.AUTO, AT));
        assertThat(byEngine.isAssignedByEngine()).isTrue();
        assertThat(byEngine.getAwaitingReplySince()).as("from the assignment").isEqualTo(AT);

        byEngine.receive(message(MessageAuthor.VISITOR, AT.plusSeconds(5)));
        assertThat(byEngine.getAwaitingReplySince()).as("the oldest unanswered: still the assignment").isEqualTo(AT);
        byEngine.receive(message(MessageAuthor.AGENT, AT.plusSeconds(10)));
        assertThat(byEngine.getAwaitingReplySince()).as("answered").isNull();
        byEngine.receive(message(MessageAuthor.BOT, AT.plusSeconds(15)));
        assertThat(byEngine.getAwaitingReplySince()).isNull();
        byEngine.receive(message(MessageAuthor.VISITOR, AT.plusSeconds(20)));
        byEngine.receive(message(MessageAuthor.VISITOR, AT.plusSeconds(25)));
        assertThat(byEngine.getAwaitingReplySince()).as("the first visitor message since the answer")
                .isEqualTo(AT.plusSeconds(20));

        byEngine.transferTo(BEN, BY_HAND);
        assertThat(byEngine.isAssignedByEngine()).as("a transfer is by hand").isFalse();
        assertThat(byEngine.getAwaitingReplySince()).isNull();

        Conversation byHand = State.HELD_BY_ANA.conversation();
        byHand.receive(message(MessageAuthor.VISITOR, AT.plusSeconds(5)));
        assertThat(byHand.isAssignedByEngine()).isFalse();
        assertThat(byHand.getAwaitingReplySince()).as("never for a hand assignment").isNull();

        Conversation reopenedToAna = State.ARCHIVED_FROM_ANA.conversation();
        reopenedToAna.reopen(BY_HAND);
        reopenedToAna.assignTo(ANA, Cause.engine(EventReason.REOPEN, AT.plusSeconds(30)));
        assertThat(reopenedToAna.getAwaitingReplySince()).as("the reopen policy is the engine too")
                .isEqualTo(AT.plusSeconds(30));
        reopenedToAna.unassign(Cause.engine(EventReason.RESPONSE_TIMEOUT, AT.plusSeconds(40)));
        assertThat(reopenedToAna.getAwaitingReplySince()).isNull();
        assertThat(reopenedToAna.getReleasedByAgentId()).as("not straight back to Ana").isEqualTo(ANA.getId());
    }

    private static MessageResponse message(MessageAuthor author, Instant at) {
        return new MessageResponse(1, 1, author, author == MessageAuthor.AGENT ? 1L : null, "text", at);
    }

    private static Agent agent(long id, String name) {
        Agent agent = new Agent(name, name.toLowerCase() + "@example.com", null, AT);
        ReflectionTestUtils.setField(agent, "id", id);
        return agent;
    }

    /** What the conversation will announce when saved, oldest first (what Spring Data publishes). */
    @SuppressWarnings("unchecked")
    private static List<Object> announcements(Conversation conversation) {
        return List.copyOf((java.util.Collection<Object>) ReflectionTestUtils.invokeMethod(conversation, "domainEvents"));
    }
}
