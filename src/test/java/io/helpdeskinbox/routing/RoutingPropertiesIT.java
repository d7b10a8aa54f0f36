package io.helpdeskinbox.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdeskinbox.support.InboxClient;
import io.helpdeskinbox.support.InboxIntegrationTest;
import io.helpdeskinbox.support.SecondInstance;
import io.helpdeskinbox.support.SseClient;
import io.helpdeskinbox.support.TestDatabase;
import io.helpdeskinbox.support.WireResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Routing's rules hold for any inbox (issue 36): jqwik makes random inboxes (teams with their own
 * settings, agents with skills, memberships, capacities, availability and presence, arrivals with a
 * random team, skills and priority, then random transfers, archives and arrivals) and each runs on
 * two app instances sharing a fresh database. The stream is replayed ({@link RoutingReplay}): every
 * automatic assignment went to an agent who could take it; while the queue stood still but for the
 * engine, URGENT went before lower priorities within what the agent could take, and BALANCED was
 * exact among those who could; once the engines settle, nothing waits that someone could take; and
 * the consistency report, per team included, is clean on both instances.
 *
 * <p>The queue stands still while the engines drain what arrived with auto-assignment off: the
 * arrivals come first, the agents' availability and presence are set, and only then is it turned on.
 * While transfers, archives and arrivals race the engines, only eligibility is exact at each commit
 * (an agent the engine did not lock may free room between its claim and its commit).
 */
class RoutingPropertiesIT {

    private static final List<String> SKILLS = List.of("billing", "en", "es", "tech");
    private static final List<String> PRIORITIES = List.of("URGENT", "HIGH", "NORMAL", "LOW");
    private static final MediaType MERGE_PATCH = MediaType.valueOf("application/merge-patch+json");

    record TeamSpec(String strategy, Integer defaultCapacity, Boolean autoAssignment) {
    }

    record AgentSpec(Set<String> skills, Set<Integer> teams, Integer capacity, String availability, boolean present) {
    }

    record ArrivalSpec(Integer team, Set<String> skills, String priority, boolean throughSecond) {
    }

    /** One random change racing the engines: an archive, a transfer to a team or an agent, or an arrival. */
    record ChurnSpec(String kind, int pick, Integer team, ArrivalSpec arrival) {
    }

    record Inbox(String strategy, Integer defaultCapacity, boolean presence, List<TeamSpec> teams,
            List<AgentSpec> agents, List<ArrivalSpec> arrivals, List<ChurnSpec> churn) {
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.RANDOM_SEED)
    void routingRulesHoldAtEveryCommitOnTwoInstances(@ForAll("inboxes") Inbox inbox) throws Exception {
        TestDatabase.Coordinates database = TestDatabase.another();
        Map<String, String> onIt = Map.of("spring.datasource.url", database.url());
        try (SecondInstance first = new SecondInstance(onIt); SecondInstance second = new SecondInstance(onIt)) {
            new Run(inbox, first, second).check();
        }
    }

    /** One inbox on two instances, phase by phase. */
    private static final class Run {

        private final Inbox inbox;
        private final SecondInstance first;
        private final SecondInstance second;
        private final InboxClient one;
        private final InboxClient two;
        private final List<Long> teamIds = new ArrayList<>();
        private final Map<Long, RoutingReplay.Team> teams = new LinkedHashMap<>();
        private final Map<Long, RoutingReplay.Agent> agents = new LinkedHashMap<>();
        private final Map<Long, String> tokens = new HashMap<>();
        private final ConcurrentLinkedQueue<Long> started = new ConcurrentLinkedQueue<>();
        private int markers;

        Run(Inbox inbox, SecondInstance first, SecondInstance second) {
            this.inbox = inbox;
            this.first = first;
            this.second = second;
            this.one = first.client();
            this.two = second.client();
        }

        void check() throws Exception {
            one.assignmentSettings(settings(false));
            setUpTeamsAndAgents();
            RoutingReplay replay = new RoutingReplay(new RoutingReplay.Settings(inbox.strategy(),
                    inbox.defaultCapacity(), inbox.presence()), teams, agents);
            try (SseClient stream = SseClient.connect("http://localhost:" + first.port(),
                    InboxIntegrationTest.ADMIN_TOKEN, null, null)) {
                inParallel(inbox.arrivals().size(), i -> arrive(inbox.arrivals().get(i)));
                bringAgentsIn();
                one.assignmentSettings(settings(true));
                replay.replay(settle(stream), true);
                assertSettled(replay, "once the engines drained the arrivals");

                inParallel(inbox.churn().size(), i -> churn(inbox.churn().get(i), i));
                replay.replay(settle(stream), false);
                assertSettled(replay, "once the engines settled after the churn");
            }
            Statistics.label("automatic assignments checked").collect(replay.automaticAssignments() == 0 ? "none"
                    : replay.automaticAssignments() < 10 ? "1 to 9" : "10 or more");
            assertThat(replay.violations()).as("%s", inbox).isEmpty();
            for (InboxClient instance : List.of(one, two)) {
                JsonNode report = instance.consistencyReport();
                assertThat(report.get("consistent").asBoolean()).as(report.toString()).isTrue();
            }
        }

        private void setUpTeamsAndAgents() {
            for (TeamSpec spec : inbox.teams()) {
                Map<String, Object> body = new HashMap<>();
                body.put("name", "Team " + (teamIds.size() + 1));
                body.put("strategy", spec.strategy());
                body.put("defaultCapacity", spec.defaultCapacity());
                body.put("autoAssignment", spec.autoAssignment());
                long id = one.post("/api/v1/teams", body, HttpStatus.CREATED).get("id").asLong();
                teamIds.add(id);
                teams.put(id, new RoutingReplay.Team(spec.strategy(), spec.defaultCapacity(), spec.autoAssignment()));
            }
            for (AgentSpec spec : inbox.agents()) {
                int n = agents.size() + 1;
                InboxClient.HiredAgent hired = one.hireAgent("Agent " + n, "agent" + n + "@example.com");
                Map<String, Object> patch = new HashMap<>();
                patch.put("skills", List.copyOf(spec.skills()));
                patch.put("capacity", spec.capacity());
                WireResponse.send(one.http().patch().uri("/api/v1/agents/{id}", hired.id()).contentType(MERGE_PATCH)
                        .body(patch)).assertStatus(200);
                Set<Long> memberOf = new HashSet<>();
                for (int team : spec.teams()) {
                    if (team < teamIds.size()) {
                        long teamId = teamIds.get(team);
                        WireResponse.send(one.http().put().uri("/api/v1/teams/{team}/members/{agent}", teamId,
                                hired.id())).assertStatus(204);
                        memberOf.add(teamId);
                    }
                }
                agents.put(hired.id(), new RoutingReplay.Agent(hired.id(), spec.skills(), Set.copyOf(memberOf),
                        spec.capacity()));
                tokens.put(hired.id(), hired.token());
            }
        }

        private void bringAgentsIn() {
            List<Long> ids = List.copyOf(agents.keySet());
            for (int i = 0; i < ids.size(); i++) {
                AgentSpec spec = inbox.agents().get(i);
                one.setAvailability(ids.get(i), spec.availability());
                if (spec.present()) { // an API call with its own token: connected now
                    one.as(tokens.get(ids.get(i))).get("/api/v1/me");
                }
            }
        }

        private void arrive(ArrivalSpec spec) {
            Map<String, Object> body = new HashMap<>();
            body.put("visitor", Map.of("name", "Visitor"));
            body.put("waitingForAgent", true);
            body.put("priority", spec.priority());
            body.put("requiredSkills", List.copyOf(spec.skills()));
            if (spec.team() != null && spec.team() < teamIds.size()) {
                body.put("teamId", teamIds.get(spec.team()));
            }
            InboxClient through = spec.throughSecond() ? two : one;
            started.add(through.post("/api/v1/conversations", body, HttpStatus.CREATED).get("id").asLong());
        }

        private void churn(ChurnSpec spec, int index) {
            InboxClient through = index % 2 == 0 ? one : two;
            List<Long> known = List.copyOf(started);
            if ("ARRIVE".equals(spec.kind()) || known.isEmpty()) {
                arrive(spec.arrival());
                return;
            }
            long conversation = known.get(spec.pick() % known.size());
            WireResponse outcome = switch (spec.kind()) {
                case "ARCHIVE" -> through.invalidRequests().action(conversation, "archive", null);
                case "TO_TEAM" -> teamIds.isEmpty() ? through.invalidRequests().action(conversation, "archive", null)
                        : through.invalidRequests().action(conversation, "transfer",
                                Map.of("teamId", teamIds.get(spec.team() % teamIds.size())));
                default -> through.invalidRequests().action(conversation, "transfer",
                        Map.of("agentId", List.copyOf(agents.keySet()).get(spec.pick() % agents.size())));
            };
            // a race lost to another change (archived meanwhile, no longer assigned) is a 409: nothing changed
            assertThat(outcome.status()).as(outcome.toString()).isIn(200, 409);
        }

        /**
         * Both engines idle, and every change up to then off the stream: a marker change made after
         * them (an agent renamed, which gives nobody work) arrives after all of them, the stream being
         * in commit order whichever instance committed.
         */
        private List<SseClient.Event> settle(SseClient stream) throws InterruptedException {
            first.awaitQueueServed();
            second.awaitQueueServed();
            String marker = "Marker " + (++markers);
            WireResponse.send(one.http().patch().uri("/api/v1/agents/{id}", agents.keySet().iterator().next())
                    .contentType(MERGE_PATCH).body(Map.of("name", marker))).assertStatus(200);
            return stream.takeUntil(event -> "agent.updated".equals(event.name())
                    && marker.equals(event.data().get("agents").get(0).get("name").asString()), Duration.ofSeconds(20));
        }

        private void assertSettled(RoutingReplay replay, String when) {
            assertThat(replay.waitingWithAnAgentWhoMayTakeThem()).as("%s: %s", when, inbox).isEmpty();
        }

        private Map<String, Object> settings(boolean autoAssignment) {
            Map<String, Object> settings = new HashMap<>();
            settings.put("autoAssignment", autoAssignment);
            settings.put("strategy", inbox.strategy());
            settings.put("defaultCapacity", inbox.defaultCapacity());
            settings.put("reopenPolicy", "QUEUE");
            settings.put("presence", inbox.presence());
            return settings;
        }

        private static void inParallel(int count, IntConsumer action) {
            CompletableFuture.allOf(IntStream.range(0, 2).mapToObj(lane -> CompletableFuture.runAsync(() -> {
                for (int i = lane; i < count; i += 2) {
                    action.accept(i);
                }
            })).toArray(CompletableFuture[]::new)).join();
        }
    }

    @Provide
    Arbitrary<Inbox> inboxes() {
        Arbitrary<String> strategy = Arbitraries.of("BALANCED", "ROUND_ROBIN");
        Arbitrary<Integer> capacity = Arbitraries.integers().between(1, 5).injectNull(0.3);
        Arbitrary<TeamSpec> team = Combinators.combine(strategy.injectNull(0.5), capacity,
                Arbitraries.just(Boolean.FALSE).injectNull(0.8)).as(TeamSpec::new);
        Arbitrary<Set<Integer>> memberships = Arbitraries.integers().between(0, 3).set().ofMaxSize(2);
        Arbitrary<AgentSpec> agent = Combinators.combine(Arbitraries.subsetOf(SKILLS), memberships, capacity,
                Arbitraries.frequency(Tuple.of(6, "ONLINE"), Tuple.of(1, "BUSY"), Tuple.of(1, "OFFLINE")),
                Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false))).as(AgentSpec::new);
        Arbitrary<ArrivalSpec> arrival = Combinators.combine(Arbitraries.integers().between(0, 3).injectNull(0.3),
                Arbitraries.subsetOf(SKILLS).ofMaxSize(2), Arbitraries.of(PRIORITIES), Arbitraries.of(true, false))
                .as(ArrivalSpec::new);
        Arbitrary<ChurnSpec> churn = Combinators.combine(Arbitraries.of("ARCHIVE", "TO_TEAM", "TO_AGENT", "ARRIVE"),
                Arbitraries.integers().between(0, 1_000), Arbitraries.integers().between(0, 3), arrival)
                .as(ChurnSpec::new);
        return Combinators.combine(strategy, capacity, Arbitraries.of(true, false), team.list().ofMinSize(1).ofMaxSize(4),
                agent.list().ofMinSize(3).ofMaxSize(7), arrival.list().ofMinSize(10).ofMaxSize(40),
                churn.list().ofMaxSize(25)).as(Inbox::new);
    }
}
