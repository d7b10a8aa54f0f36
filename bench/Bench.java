import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark driver behind bench/run.sh: JDK only, run as a single source file
 * ({@code java bench/Bench.java <phase>}), so it needs nothing but the JDK, psql and pgbench.
 *
 * <p>Every figure of the service is set against what this machine can do for the same work, measured
 * in the same run, round after round: the minimal SQL of the work through pgbench (the statements it
 * cannot do without, no lock shared by writers), and a bare Spring Boot app answering the same paths
 * with the same JSON from memory (bench/bare: the HTTP stack alone, driven by the same load
 * generator). On shared cores the two compete for the CPU, so the limit is the two costs added:
 * limit = 1 / (1 / SQL + 1 / bare).
 *
 * <ul>
 *   <li>{@code write}: assign → transfer → archive on fresh conversations by closed-loop clients at
 *       each concurrency; at 32 clients a probe meanwhile frees room for a waiting conversation and
 *       times its automatic assignment; then 32 clients over two instances against one.</li>
 *   <li>{@code read}: on 1,000,000 conversations and 200 agents, the folder counts, the first page of
 *       each folder and the agent list at 32 connections, and their latency with one client.</li>
 *   <li>{@code rush}: agents with room for everyone, and 32 clients over two instances starting
 *       conversations that wait for an agent as fast as they can: each visitor's wait, the arrival
 *       rate, the engine's assignments a second and the longest the queue grew.</li>
 *   <li>{@code scale}: each instance under the same CPU quota (bench/run.sh puts it in a cgroup):
 *       writes and the rush through one instance against through two, round after round.</li>
 * </ul>
 *
 * Every number is the median over {@code BENCH_ROUNDS} rounds. Results go to stdout and target/bench/*.md.
 */
public class Bench {

    /** The instance setting-up calls go to; a paired rush points it at the side whose round runs. */
    static String BASE = env("BENCH_BASE_URL", "http://127.0.0.1:18080");
    /** The database psql and pgbench use; a paired rush points it at the side whose round runs. */
    static String DATABASE = env("BENCH_DB", "inbox_bench");
    static final String SECOND = env("BENCH_SECOND_URL", "");
    static final String BARE = env("BENCH_BARE_URL", "http://127.0.0.1:18090");
    static final String TOKEN = env("BENCH_ADMIN_TOKEN", "bench-admin-token-0123456789");
    static final int ROUNDS = Integer.parseInt(env("BENCH_ROUNDS", "3"));
    static final Duration ROUND = Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "10")));
    static final int AGENTS = 64;
    static final int PROBE_AGENTS = 4;
    static final int LATENCY_LEVEL = 32;
    static final Path OUT = Path.of("target", "bench");
    /**
     * Vacuum the written tables before each phase of the write benchmark, as autovacuum would: the
     * reference server runs with autovacuum off, and without it every phase would measure the dead
     * row versions the phases before it left (an index scan steps over each one). BENCH_VACUUM=off
     * measures the service on a database nobody vacuums.
     */
    static final boolean VACUUM_BETWEEN_PHASES = !env("BENCH_VACUUM", "on").equals("off");

    public static void main(String[] args) throws Exception {
        // keep one alive connection per client thread (the JDK keeps 5 per host by default)
        System.setProperty("http.maxConnections", "256");
        Files.createDirectories(OUT);
        switch (args.length == 0 ? "" : args[0]) {
            case "write" -> write(Arrays.stream(env("BENCH_CLIENTS", "1,8,32,64").split(","))
                    .map(String::trim).mapToInt(Integer::parseInt).toArray());
            case "seed-read" -> seedRead();
            case "read" -> read();
            case "load" -> load();
            case "read-load" -> readLoad();
            case "rush" -> rush();
            case "rush-paired" -> rushPaired();
            case "write-paired" -> writePaired();
            case "scale" -> scale();
            default -> {
                System.err.println("usage: java bench/Bench.java write|seed-read|read|load|read-load|rush|rush-paired|write-paired|scale  (see bench/run.sh)");
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------- warm-up

    static final Duration WARM_UP_ROUND = Duration.ofSeconds(20);

    interface Measurement {
        double perSecond() throws Exception;
    }

    /**
     * On two cores the JIT compiles a Spring app for minutes, and throughput climbs all the while
     * (from a third of its final figure, here). Nothing is measured until it stops climbing: two
     * rounds in a row no more than 3 % above the best before them, after at least
     * {@code BENCH_WARMUP_MIN_ROUNDS} (4) and at most {@code BENCH_WARMUP_MAX_ROUNDS} (15) rounds of
     * 20 s. Not counted.
     */
    static void warmUp(String what, Measurement round) throws Exception {
        warmUp(what, Integer.parseInt(env("BENCH_WARMUP_MIN_ROUNDS", "4")), round);
    }

    static void warmUp(String what, int min, Measurement round) throws Exception {
        int max = Integer.parseInt(env("BENCH_WARMUP_MAX_ROUNDS", "15"));
        Climb climb = new Climb();
        for (int i = 1; i <= max; i++) {
            double now = round.perSecond();
            System.out.printf(Locale.ROOT, "  warming up %s, round %d: %.0f/s%n", what, i, now);
            climb.add(now);
            if (i >= min && climb.stopped()) {
                return;
            }
        }
        System.out.printf("  %s was still climbing after %d rounds; measuring anyway%n", what, max);
    }

    /** A warm-up's throughput, round after round: it has stopped climbing after two rounds in a row no more than 3 % above the best before them. */
    static final class Climb {
        private double best;
        private int flat;

        void add(double now) {
            flat = now <= best * 1.03 ? flat + 1 : 0;
            best = Math.max(best, now);
        }

        boolean stopped() {
            return flat >= 2;
        }
    }

    /**
     * Two builds warmed up together, round after round in turn (A B, B A, ...), each until it stops
     * climbing as {@link #warmUp} says, and on until the other has too. Warmed one after the other,
     * the second still compiled long methods (C2, hundreds a minute) through the measured rounds
     * here, while the first had settled: the measure then favoured whichever warmed first.
     */
    static void warmUpTogether(List<String> whats, List<Measurement> rounds) throws Exception {
        int min = Integer.parseInt(env("BENCH_WARMUP_MIN_ROUNDS", "4"));
        int max = Integer.parseInt(env("BENCH_WARMUP_MAX_ROUNDS", "15"));
        List<Climb> climbs = List.of(new Climb(), new Climb());
        for (int i = 1; i <= max; i++) {
            List<Integer> order = i % 2 == 1 ? List.of(0, 1) : List.of(1, 0);
            for (int side : order) {
                double now = rounds.get(side).perSecond();
                System.out.printf(Locale.ROOT, "  warming up %s, round %d: %.0f/s%n", whats.get(side), i, now);
                climbs.get(side).add(now);
            }
            if (i >= min && climbs.stream().allMatch(Climb::stopped)) {
                return;
            }
        }
        System.out.printf("  %s and %s were still climbing after %d rounds; measuring anyway%n", whats.get(0),
                whats.get(1), max);
    }

    // ---------------------------------------------------------------- load

    /**
     * Write load only, nothing compared: BENCH_ROUNDS rounds of BENCH_SECONDS at the first of
     * BENCH_CLIENTS, each round's figures printed. For profiling the service under the benchmark's load;
     * BENCH_LOAD_ON=both splits the clients between BENCH_BASE_URL and BENCH_SECOND_URL (CPU of both counted).
     */
    static void load() throws Exception {
        long run = System.currentTimeMillis();
        List<Long> agents = new ArrayList<>();
        for (int i = 1; i <= AGENTS; i++) {
            agents.add(createAgent("Load Agent " + i, "load" + i + "." + run + "@bench.example", null));
        }
        int clients = Integer.parseInt(env("BENCH_CLIENTS", "32").split(",")[0].trim());
        // BENCH_PROBE=on: the auto-assignment probe of the write phase runs beside the load
        Probe probe = env("BENCH_PROBE", "off").equals("on") ? new Probe(run) : null;
        List<Double> engineLatencies = new ArrayList<>();
        int engineSeen = 0;
        List<String> bases = env("BENCH_LOAD_ON", "one").equals("both") ? List.of(BASE, SECOND) : List.of(BASE);
        System.out.println("load: agents ready, rounds starting"); // the drills wait for this line
        for (int round = 1; round <= ROUNDS; round++) {
            Thread prober = probe == null ? null : probe.start(engineLatencies, new ArrayList<>());
            Round r = cycles(bases, clients, agents, ROUND, true);
            if (prober != null) {
                probe.stop(prober);
            }
            System.out.printf(Locale.ROOT, "  clients %d round %d: %.1f actions/s, p50 %.1f p99 %.1f ms, %d errors; "
                    + "responses by status (-1: refused, -2: cut off in flight) %s%n", clients, round, r.perSecond(), r.p50(), r.p99(),
                    r.errors(), STATUSES);
            if (CpuTimes.AVAILABLE) {
                System.out.printf(Locale.ROOT, "    CPU ms per action: app %.2f, PostgreSQL %.2f, driver %.2f%s%n",
                        lastCpu.app(), lastCpu.postgres(), lastCpu.driver(), engineLatencies.isEmpty() ? ""
                                : String.format(Locale.ROOT, "; auto-assignment this round: %d samples, p50 %.1f p99 %.1f ms",
                                        engineLatencies.size() - engineSeen, percentile(thisRound(engineLatencies, engineSeen), 50),
                                        percentile(thisRound(engineLatencies, engineSeen), 99)));
                engineSeen = engineLatencies.size();
            }
            STATUSES.clear();
        }
    }

    /** The samples a round added, sorted. */
    static double[] thisRound(List<Double> samples, int seenBefore) {
        return samples.subList(seenBefore, samples.size()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /**
     * One read only, nothing compared: BENCH_ROUNDS rounds of BENCH_SECONDS of GET BENCH_PATH at the
     * first of BENCH_CLIENTS, each round's throughput and CPU time per request printed. For profiling.
     */
    static void readLoad() throws Exception {
        String path = env("BENCH_PATH", "/api/v1/conversations?folder=assigned");
        int clients = Integer.parseInt(env("BENCH_CLIENTS", "32").split(",")[0].trim());
        for (int round = 1; round <= ROUNDS; round++) {
            CpuTimes before = CpuTimes.now(List.of(BASE));
            Round r = closedLoop(clients, ROUND, client -> () -> List.of(Call.get(BASE, path)));
            CpuPerAction cpu = CpuTimes.perAction(before, CpuTimes.now(List.of(BASE)), r.perSecond() * ROUND.toSeconds());
            System.out.printf(Locale.ROOT, "  %s, %d clients, round %d: %.0f req/s, p50 %.1f p99 %.1f ms, %d errors; "
                    + "CPU ms per request: app %.3f, PostgreSQL %.3f, driver %.3f%n", path, clients, round, r.perSecond(),
                    r.p50(), r.p99(), r.errors(), cpu.app(), cpu.postgres(), cpu.driver());
        }
    }

    // ---------------------------------------------------------------- rush

    static final int RUSH_AGENTS = 10;
    /**
     * With routing in play (BENCH_RUSH_TEAMS, e.g. 20): that many teams over the same agents (each
     * agent in several, each team with members), two skills per agent, and each arrival in a random
     * team (one in five in none), half of them requiring a skill one of its team's members holds, with
     * a random priority: every arrival has someone who may take it, as in the plain rush.
     */
    static final List<String> RUSH_SKILLS = List.of("es", "en", "fr", "billing", "tech", "sales");
    static final List<String> RUSH_PRIORITIES = List.of("URGENT", "HIGH", "NORMAL", "NORMAL", "LOW");

    /**
     * Where a rush runs: its instances, its database, and its teams (0: the plain rush; per team, its
     * id and the skills its members hold, filled by prepareRush).
     */
    record RushSide(String name, List<String> bases, String database, int teams, List<Long> teamIds,
            List<List<String>> teamSkills) {

        RushSide(String name, List<String> bases, String database, int teams) {
            this(name, bases, database, teams, new ArrayList<>(), new ArrayList<>());
        }

        /** Setting-up calls and psql go to this side from now on. */
        RushSide use() {
            BASE = bases.get(0);
            DATABASE = database;
            rushSide = this;
            return this;
        }
    }

    /** The side the current rush round runs on (read by the clients' threads). */
    static volatile RushSide rushSide;
    /** Arrivals a second over all clients (BENCH_RUSH_RATE); 0: each client as fast as it can. */
    static final int RUSH_RATE = Integer.parseInt(env("BENCH_RUSH_RATE", "0"));
    static final Duration QUEUE_SAMPLING = Duration.ofMillis(50);

    /**
     * One rush round: arrivals a second (created, over the round), the engine's assignments a second
     * (from the first arrival to the last assignment), each visitor's wait in ms (timeline: CREATED to
     * ASSIGNED, the engine's decision time; its commit follows within the batch's statement), the
     * longest queue sampled while room existed, and how long the queue took to drain after the round.
     */
    record RushRound(double arrivals, double assignments, double p50, double p95, double p99, double max,
            long longestQueue, double drainMs, long errors, CommitSplit split, CpuPerAction cpu) {
    }

    /**
     * Where the wait goes, when PostgreSQL records commit times ({@code track_commit_timestamp = on}):
     * medians of the create's own transaction (CREATED's time to its commit) and of the engine's part
     * (the create's commit to the batch's commit), and the wait to the assignment's commit, p50 and
     * p99. Null when commit times are not recorded.
     */
    record CommitSplit(double createP50, double engineP50, double committedP50, double committedP99) {
    }

    static void rush() throws Exception {
        List<String> bases = SECOND.isBlank() ? List.of(BASE) : List.of(BASE, SECOND);
        int clients = Integer.parseInt(env("BENCH_CLIENTS", "32").split(",")[0].trim());
        RushSide plain = new RushSide("rush", bases, DATABASE, Integer.parseInt(env("BENCH_RUSH_TEAMS", "0"))).use();
        long run = prepareRush();
        warmUp("the rush", () -> rushRound(bases, clients, WARM_UP_ROUND, run + "-w" + System.nanoTime()).arrivals());
        List<RushRound> rounds = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            vacuumWrittenTables("rush round " + round);
            RushRound r = rushRound(bases, clients, ROUND, run + "-" + round);
            rounds.add(r);
            printRush("round " + round, r);
        }
        RushRound median = medianRush(rounds);
        printRush("median", median);
        String table = "| | arrivals/s | assignments/s | wait p50 | p95 | p99 | max | longest queue | drained in | errors |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n"
                + rounds.stream().map(r -> rushRow("round " + (rounds.indexOf(r) + 1), r)).reduce("", String::concat)
                + rushRow("**median**", median);
        String split = median.split() == null ? "" : "\n| | create's commit p50 | then the batch's commit p50 | wait to the assignment's commit p50 | p99 |\n"
                + "|---|---|---|---|---|\n"
                + rounds.stream().map(r -> splitRow("round " + (rounds.indexOf(r) + 1), r)).reduce("", String::concat)
                + splitRow("**median**", median);
        Files.writeString(OUT.resolve("rush.md"), String.format(Locale.ROOT,
                "%d clients over %d instance(s)%s, %d ONLINE agents with room for all%s, %d rounds of %d s; waits in ms%n%n%s%s",
                clients, bases.size(), RUSH_RATE > 0 ? ", arrivals paced at " + RUSH_RATE + " a second" : "",
                RUSH_AGENTS, routingOf(plain), ROUNDS, ROUND.toSeconds(), table, split));
    }

    /** The rush's agents: ONLINE, no capacity limit, BALANCED. */
    static long prepareRush() throws Exception {
        long run = System.currentTimeMillis();
        send("PUT", "/api/v1/settings/assignment", "{\"autoAssignment\":true,\"strategy\":\"BALANCED\","
                + "\"defaultCapacity\":null,\"reopenPolicy\":\"QUEUE\",\"presence\":false}", 200);
        List<Long> agents = new ArrayList<>();
        for (int i = 1; i <= RUSH_AGENTS; i++) {
            long agent = createAgent("Rush Agent " + i, "rush" + i + "." + run + "@bench.example", null);
            agents.add(agent);
            if (rushSide.teams() > 0) {
                patch("/api/v1/agents/" + agent, "{\"skills\":[\"" + rushSkillsOf(i).get(0) + "\",\""
                        + rushSkillsOf(i).get(1) + "\"]}");
            }
            send("PUT", "/api/v1/agents/" + agent + "/availability", "{\"availability\":\"ONLINE\"}", 200);
        }
        for (int t = 0; t < rushSide.teams(); t++) {
            long team = firstLong(send("POST", "/api/v1/teams", "{\"name\":\"Rush Team " + t + " " + run + "\"}", 201), "id");
            List<String> skills = new ArrayList<>();
            for (int member : List.of(t % RUSH_AGENTS, (t + 3) % RUSH_AGENTS, (t + 7) % RUSH_AGENTS)) {
                send("PUT", "/api/v1/teams/" + team + "/members/" + agents.get(member), null, 204);
                skills.addAll(rushSkillsOf(member + 1));
            }
            rushSide.teamIds().add(team);
            rushSide.teamSkills().add(List.copyOf(skills));
        }
        return run;
    }

    /** How a rush side's arrivals are routed, for a report's heading. */
    static String routingOf(RushSide side) {
        return side.teams() == 0 ? "" : ", in " + side.teams() + " teams with skills (arrivals with a random team,"
                + " skill and priority)";
    }

    /**
     * The rush on two sides at once, each its own two instances and database (BENCH_A_URLS and
     * BENCH_A_DB, BENCH_B_URLS and BENCH_B_DB; teams: BENCH_A_RUSH_TEAMS, BENCH_B_RUSH_TEAMS), round
     * after round in the order A B, B A, A B...: the machine's drift (1.3 to 1.6 times within minutes
     * here) falls on both sides alike instead of on whichever ran second. Each side warms up first.
     * The report gives each pair and the median of the ratios B / A.
     */
    static void rushPaired() throws Exception {
        int clients = Integer.parseInt(env("BENCH_CLIENTS", "32").split(",")[0].trim());
        List<RushSide> sides = pairedSides();
        long run = 0;
        for (RushSide side : sides) {
            side.use();
            run = prepareRush();
        }
        long tagged = run;
        warmUpTogether(sides.stream().map(side -> "the rush on " + side.name()).toList(), sides.stream()
                .map(side -> (Measurement) () -> rushRound(side.use().bases(), clients, WARM_UP_ROUND,
                        tagged + "-w" + System.nanoTime()).arrivals()).toList());
        List<List<RushRound>> rounds = List.of(new ArrayList<>(), new ArrayList<>());
        for (int round = 1; round <= ROUNDS; round++) {
            for (int i : round % 2 == 1 ? List.of(0, 1) : List.of(1, 0)) {
                RushSide side = sides.get(i).use();
                vacuumWrittenTables("rush round " + round + " on " + side.name());
                RushRound r = rushRound(side.bases(), clients, ROUND, tagged + "-" + round);
                rounds.get(i).add(r);
                printRush("round " + round + " on " + side.name(), r);
            }
        }
        StringBuilder table = new StringBuilder("| round (order) | " + sides.get(0).name() + " arrivals/s | "
                + sides.get(1).name() + " arrivals/s | B / A | " + sides.get(0).name() + " wait p50 / p99 | "
                + sides.get(1).name() + " wait p50 / p99 | A / B (p50) |\n|---|---|---|---|---|---|---|\n");
        List<Double> arrivalRatios = new ArrayList<>();
        List<Double> waitRatios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            RushRound a = rounds.get(0).get(round);
            RushRound b = rounds.get(1).get(round);
            arrivalRatios.add(b.arrivals() / a.arrivals());
            waitRatios.add(a.p50() / b.p50());
            table.append(String.format(Locale.ROOT, "| %d (%s) | %.0f | %.0f | %.2f | %.1f / %.1f | %.1f / %.1f | %.2f |%n",
                    round + 1, round % 2 == 0 ? "A B" : "B A", a.arrivals(), b.arrivals(), b.arrivals() / a.arrivals(),
                    a.p50(), a.p99(), b.p50(), b.p99(), a.p50() / b.p50()));
        }
        RushRound a = medianRush(rounds.get(0));
        RushRound b = medianRush(rounds.get(1));
        table.append(String.format(Locale.ROOT, "| **median** | %.0f | %.0f | **%.2f** | %.1f / %.1f | %.1f / %.1f | **%.2f** |%n",
                a.arrivals(), b.arrivals(), median(arrivalRatios), a.p50(), a.p99(), b.p50(), b.p99(), median(waitRatios)));
        table.append(String.format(Locale.ROOT, "%nCPU ms per arrival (medians; app: the side's two instances, PostgreSQL:"
                + " all of it): A app %.3f, PostgreSQL %.3f; B app %.3f, PostgreSQL %.3f%n", a.cpu().app(),
                a.cpu().postgres(), b.cpu().app(), b.cpu().postgres()));
        Files.writeString(OUT.resolve("rush.md"), String.format(Locale.ROOT,
                "%d clients over two instances per side, %d ONLINE agents with room for all; A = %s%s, B = %s%s; "
                        + "%d rounds of %d s each, alternating A B, B A; waits in ms; the ratio column is the median of "
                        + "the rounds' ratios%n%n%s", clients, RUSH_AGENTS, sides.get(0).name(), routingOf(sides.get(0)),
                sides.get(1).name(), routingOf(sides.get(1)), ROUNDS, ROUND.toSeconds(), table));
        System.out.print(Files.readString(OUT.resolve("rush.md")));
    }

    /** The two sides of a paired run, from BENCH_A_* and BENCH_B_* (see {@link #rushPaired}). */
    static List<RushSide> pairedSides() {
        return List.of(
                new RushSide(env("BENCH_A_NAME", "A"), List.of(env("BENCH_A_URLS", "").split(",")), env("BENCH_A_DB", ""),
                        Integer.parseInt(env("BENCH_A_RUSH_TEAMS", "0"))),
                new RushSide(env("BENCH_B_NAME", "B"), List.of(env("BENCH_B_URLS", "").split(",")), env("BENCH_B_DB", ""),
                        Integer.parseInt(env("BENCH_B_RUSH_TEAMS", "0"))));
    }

    /**
     * The write cycles (assign, transfer, archive on fresh conversations) through one instance of each
     * side, at BENCH_CLIENTS (the first level), rounds alternating A B, B A: the paired form of the
     * service's column of the write phase, without the references (the minimal SQL and the bare app
     * are the same for both sides). Each side warms up first, alone.
     */
    static void writePaired() throws Exception {
        int clients = Integer.parseInt(env("BENCH_CLIENTS", "32").split(",")[0].trim());
        List<RushSide> sides = pairedSides();
        long run = System.currentTimeMillis();
        List<List<Long>> agents = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 2; i++) {
            sides.get(i).use();
            for (int a = 1; a <= AGENTS; a++) {
                agents.get(i).add(createAgent("Bench Agent " + a, "bench" + a + "." + run + "@bench.example", null));
            }
        }
        warmUpTogether(sides.stream().map(side -> "the writes on " + side.name()).toList(), List.of(0, 1).stream()
                .map(i -> (Measurement) () -> cycles(List.of(sides.get(i).use().bases().get(0)), 16, agents.get(i),
                        WARM_UP_ROUND, true).perSecond()).toList());
        List<List<Round>> rounds = List.of(new ArrayList<>(), new ArrayList<>());
        for (int round = 1; round <= ROUNDS; round++) {
            for (int i : round % 2 == 1 ? List.of(0, 1) : List.of(1, 0)) {
                RushSide side = sides.get(i).use();
                vacuumWrittenTables("write round " + round + " on " + side.name());
                Round r = cycles(List.of(side.bases().get(0)), clients, agents.get(i), ROUND, true);
                rounds.get(i).add(r);
                System.out.printf(Locale.ROOT, "  writes round %d on %s: %.0f/s, p50 %.1f p99 %.1f ms, %d errors%n",
                        round, side.name(), r.perSecond(), r.p50(), r.p99(), r.errors());
            }
        }
        StringBuilder table = new StringBuilder("| round (order) | " + sides.get(0).name() + " actions/s | "
                + sides.get(1).name() + " actions/s | B / A | " + sides.get(0).name() + " p50 / p99 | "
                + sides.get(1).name() + " p50 / p99 |\n|---|---|---|---|---|---|\n");
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            Round a = rounds.get(0).get(round);
            Round b = rounds.get(1).get(round);
            ratios.add(b.perSecond() / a.perSecond());
            table.append(String.format(Locale.ROOT, "| %d (%s) | %.0f | %.0f | %.2f | %.1f / %.1f | %.1f / %.1f |%n",
                    round + 1, round % 2 == 0 ? "A B" : "B A", a.perSecond(), b.perSecond(), b.perSecond() / a.perSecond(),
                    a.p50(), a.p99(), b.p50(), b.p99()));
        }
        table.append(String.format(Locale.ROOT, "| **median** | %.0f | %.0f | **%.2f** | | |%n",
                median(rounds.get(0).stream().map(Round::perSecond).toList()),
                median(rounds.get(1).stream().map(Round::perSecond).toList()), median(ratios)));
        Files.writeString(OUT.resolve("write.md"), String.format(Locale.ROOT,
                "%d clients, assign → transfer → archive on fresh conversations through one instance per side; A = %s, "
                        + "B = %s; %d rounds of %d s each, alternating A B, B A; the ratio is the median of the rounds' "
                        + "ratios%n%n%s", clients, sides.get(0).name(), sides.get(1).name(), ROUNDS, ROUND.toSeconds(),
                table));
        System.out.print(Files.readString(OUT.resolve("write.md")));
    }

    /** The two skills of the rush's agent {@code i} (from 1). */
    static List<String> rushSkillsOf(int i) {
        return List.of(RUSH_SKILLS.get(i % 3), RUSH_SKILLS.get(3 + i % 3));
    }

    /** An arrival's routing members, for the rush with teams: empty without. */
    static String rushRouting() {
        RushSide on = rushSide;
        if (on.teams() == 0) {
            return "";
        }
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        String priority = ",\"priority\":\"" + RUSH_PRIORITIES.get(random.nextInt(RUSH_PRIORITIES.size())) + "\"";
        if (random.nextInt(5) == 0) {
            return priority;
        }
        int team = random.nextInt(on.teamIds().size());
        List<String> skills = on.teamSkills().get(team);
        return priority + ",\"teamId\":" + on.teamIds().get(team) + (random.nextBoolean() ? ""
                : ",\"requiredSkills\":[\"" + skills.get(random.nextInt(skills.size())) + "\"]");
    }

    static RushRound rushRound(List<String> bases, int clients, Duration length, String tag) throws Exception {
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicLong longestQueue = new AtomicLong();
        Thread sampler = startThread(() -> {
            while (sampling.get()) {
                try {
                    longestQueue.accumulateAndGet(waiting(), Math::max);
                    Thread.sleep(QUEUE_SAMPLING.toMillis());
                } catch (Exception e) {
                    return;
                }
            }
        });
        AtomicLong visitors = new AtomicLong();
        CpuTimes cpuBefore = CpuTimes.now(bases);
        long pacedFrom = System.nanoTime();
        Round created = closedLoop(clients, length, client -> {
            String base = bases.get(client % bases.size());
            return () -> {
                long visitor = visitors.incrementAndGet();
                if (RUSH_RATE > 0) { // the visitor's slot in a steady stream of arrivals; a client late for it sends at once
                    long due = pacedFrom + visitor * 1_000_000_000L / RUSH_RATE;
                    LockSupport.parkNanos(due - System.nanoTime());
                }
                return List.of(new Call(base, "POST", "/api/v1/conversations", "{\"visitor\":{\"name\":\"rush " + tag
                        + " " + visitor + "\"},\"waitingForAgent\":true" + rushRouting() + "}"));
            };
        }, 201);
        long endedAt = System.nanoTime();
        while (waiting() > 0 && System.nanoTime() - endedAt < Duration.ofSeconds(60).toNanos()) {
            Thread.sleep(5);
        }
        double drainMs = (System.nanoTime() - endedAt) / 1e6;
        // the side's instances and every PostgreSQL process, from the first arrival to the drained queue
        CpuPerAction cpu = CpuTimes.perAction(cpuBefore, CpuTimes.now(bases), visitors.get());
        sampling.set(false);
        sampler.join();
        String[] waits = psql("""
                select count(*), percentile_cont(0.5) within group (order by w), percentile_cont(0.95) within group (order by w),
                       percentile_cont(0.99) within group (order by w), max(w),
                       count(*) / greatest(extract(epoch from max(assigned_at) - min(created_at)), 0.001)
                from (select extract(epoch from a.at - c.at) * 1000 as w, a.at as assigned_at, c.at as created_at
                      from conversation v
                      join conversation_event c on c.conversation_id = v.id and c.type = 'CREATED'
                      join conversation_event a on a.conversation_id = v.id and a.type = 'ASSIGNED'
                      where v.visitor_name like 'rush %s %%') waits""".formatted(tag)).trim().split("\\|");
        return new RushRound(created.perSecond(), Double.parseDouble(waits[5]), Double.parseDouble(waits[1]),
                Double.parseDouble(waits[2]), Double.parseDouble(waits[3]), Double.parseDouble(waits[4]),
                longestQueue.get(), drainMs, created.errors(), commitSplit(tag), cpu);
    }

    static CommitSplit commitSplit(String tag) throws Exception {
        if (!psql("show track_commit_timestamp").trim().equals("on")) {
            return null;
        }
        String[] split = psql("""
                select percentile_cont(0.5) within group (order by create_ms), percentile_cont(0.5) within group (order by engine_ms),
                       percentile_cont(0.5) within group (order by committed_ms), percentile_cont(0.99) within group (order by committed_ms)
                from (select extract(epoch from pg_xact_commit_timestamp(c.xmin) - c.at) * 1000 as create_ms,
                             extract(epoch from pg_xact_commit_timestamp(a.xmin) - pg_xact_commit_timestamp(c.xmin)) * 1000 as engine_ms,
                             extract(epoch from pg_xact_commit_timestamp(a.xmin) - c.at) * 1000 as committed_ms
                      from conversation v
                      join conversation_event c on c.conversation_id = v.id and c.type = 'CREATED'
                      join conversation_event a on a.conversation_id = v.id and a.type = 'ASSIGNED'
                      where v.visitor_name like 'rush %s %%') split""".formatted(tag)).trim().split("\\|");
        return new CommitSplit(Double.parseDouble(split[0]), Double.parseDouble(split[1]), Double.parseDouble(split[2]),
                Double.parseDouble(split[3]));
    }

    /** Conversations waiting for an agent now. */
    static long waiting() throws IOException {
        return firstLong(send("GET", "/api/v1/conversations/counts", null, 200), "unassigned");
    }

    static void printRush(String what, RushRound r) {
        System.out.printf(Locale.ROOT, "  rush %s: %.0f arrivals/s, %.0f assignments/s, wait p50 %.1f p95 %.1f p99 %.1f max %.1f ms, "
                + "longest queue %d, drained in %.0f ms, %d errors; CPU ms per arrival: app %.3f, PostgreSQL %.3f%s%n", what,
                r.arrivals(), r.assignments(), r.p50(), r.p95(), r.p99(), r.max(), r.longestQueue(), r.drainMs(), r.errors(),
                r.cpu().app(), r.cpu().postgres(), r.split() == null ? "" : String.format(Locale.ROOT,
                        "; create's commit p50 %.1f, then the batch's commit p50 %.1f; wait to the assignment's commit p50 %.1f p99 %.1f ms",
                        r.split().createP50(), r.split().engineP50(), r.split().committedP50(), r.split().committedP99()));
    }

    static String splitRow(String what, RushRound r) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", what, r.split().createP50(),
                r.split().engineP50(), r.split().committedP50(), r.split().committedP99());
    }

    static String rushRow(String what, RushRound r) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %.0f ms | %d |%n", what,
                r.arrivals(), r.assignments(), r.p50(), r.p95(), r.p99(), r.max(), r.longestQueue(), r.drainMs(), r.errors());
    }

    static RushRound medianRush(List<RushRound> rounds) {
        return new RushRound(median(rounds.stream().map(RushRound::arrivals).toList()),
                median(rounds.stream().map(RushRound::assignments).toList()),
                median(rounds.stream().map(RushRound::p50).toList()), median(rounds.stream().map(RushRound::p95).toList()),
                median(rounds.stream().map(RushRound::p99).toList()), median(rounds.stream().map(RushRound::max).toList()),
                Math.round(median(rounds.stream().map(r -> (double) r.longestQueue()).toList())),
                median(rounds.stream().map(RushRound::drainMs).toList()),
                Math.round(median(rounds.stream().map(r -> (double) r.errors()).toList())),
                rounds.stream().anyMatch(r -> r.split() == null) ? null : new CommitSplit(
                        median(rounds.stream().map(r -> r.split().createP50()).toList()),
                        median(rounds.stream().map(r -> r.split().engineP50()).toList()),
                        median(rounds.stream().map(r -> r.split().committedP50()).toList()),
                        median(rounds.stream().map(r -> r.split().committedP99()).toList())),
                CpuPerAction.median(rounds.stream().map(RushRound::cpu).toList()));
    }

    // ---------------------------------------------------------------- scale

    /**
     * One instance against two, each under the same CPU quota (set here, in the cgroups bench/run.sh
     * made, once both instances warmed up unconstrained), alternating round by round: writes (assign → transfer → archive, 32
     * clients) and the rush (arrivals a second, the engine keeping up). The quota is what a container's
     * CPU limit does: one instance cannot fill the machine, so the second one's share shows.
     */
    static void scale() throws Exception {
        long run = prepareRush();
        List<Long> agents = new ArrayList<>();
        for (int i = 1; i <= AGENTS; i++) {
            agents.add(createAgent("Scale Agent " + i, "scale" + i + "." + run + "@bench.example", null));
        }
        int clients = Integer.parseInt(env("BENCH_CLIENTS", "32").split(",")[0].trim());
        List<String> one = List.of(BASE);
        List<String> both = List.of(BASE, SECOND);
        warmUp("one instance", () -> cycles(one, 16, agents, WARM_UP_ROUND, true).perSecond());
        warmUp("the second instance", () -> cycles(List.of(SECOND), 16, agents, WARM_UP_ROUND, true).perSecond());
        warmUp("the rush on both", () -> rushRound(both, clients, WARM_UP_ROUND, run + "-w" + System.nanoTime()).arrivals());
        int quota = Integer.parseInt(env("BENCH_CPU_QUOTA", "25000"));
        for (String group : env("BENCH_CGROUPS", "").split(":")) {
            limitCpu(Path.of(group), quota);
        }
        // under a quarter core the JIT's own threads share the quota, and an instance alone keeps
        // getting faster for minutes: each warms up alone, for at least 8 rounds, before the pair
        int underQuota = Integer.parseInt(env("BENCH_QUOTA_WARMUP_MIN_ROUNDS", "8"));
        warmUp("one instance under the quota", underQuota, () -> cycles(one, clients, agents, WARM_UP_ROUND, true).perSecond());
        warmUp("the second instance under the quota", underQuota,
                () -> cycles(List.of(SECOND), clients, agents, WARM_UP_ROUND, true).perSecond());
        warmUp("both under the quota", () -> cycles(both, clients, agents, WARM_UP_ROUND, true).perSecond());
        List<Double> writesOne = new ArrayList<>();
        List<Double> writesBoth = new ArrayList<>();
        List<Double> rushOne = new ArrayList<>();
        List<Double> rushBoth = new ArrayList<>();
        List<Double> rushP99One = new ArrayList<>();
        List<Double> rushP99Both = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            vacuumWrittenTables("scale round " + round);
            // "one instance" alternates between the two, so neither is the only one measured alone
            List<String> alone = round % 2 == 1 ? one : List.of(SECOND);
            writesOne.add(cycles(alone, clients, agents, ROUND, true).perSecond());
            writesBoth.add(cycles(both, clients, agents, ROUND, true).perSecond());
            RushRound r1 = rushRound(alone, clients, ROUND, run + "-one-" + round);
            RushRound r2 = rushRound(both, clients, ROUND, run + "-both-" + round);
            rushOne.add(r1.arrivals());
            rushBoth.add(r2.arrivals());
            rushP99One.add(r1.p99());
            rushP99Both.add(r2.p99());
            System.out.printf(Locale.ROOT, "  scale round %d: writes %.0f vs %.0f actions/s (%.2fx); rush %.0f vs %.0f arrivals/s "
                    + "(%.2fx), wait p99 %.1f vs %.1f ms%n", round, writesOne.get(round - 1), writesBoth.get(round - 1),
                    writesBoth.get(round - 1) / writesOne.get(round - 1), r1.arrivals(), r2.arrivals(),
                    r2.arrivals() / r1.arrivals(), r1.p99(), r2.p99());
        }
        Files.writeString(OUT.resolve("scale.md"), String.format(Locale.ROOT, """
                Each instance under a CPU quota of %d us per 100000 (set after an unconstrained warm-up); %d clients; medians of %d rounds of %d s, one and two instances alternating

                | | one instance | two instances | two / one |
                |---|---|---|---|
                | writes (actions/s) | %.0f | %.0f | %.2f |
                | rush (arrivals/s, all assigned) | %.0f | %.0f | %.2f |
                | rush wait p99 (ms) | %.1f | %.1f | |
                """, quota, clients, ROUNDS, ROUND.toSeconds(), median(writesOne), median(writesBoth),
                median(writesBoth) / median(writesOne), median(rushOne), median(rushBoth), median(rushBoth) / median(rushOne),
                median(rushP99One), median(rushP99Both)));
    }

    /** The instance's cgroup gets its quota: cgroup v1's {@code cpu.cfs_quota_us}, or v2's {@code cpu.max}. */
    static void limitCpu(Path group, int quotaMicros) throws IOException {
        if (Files.exists(group.resolve("cpu.cfs_quota_us"))) {
            Files.writeString(group.resolve("cpu.cfs_quota_us"), Integer.toString(quotaMicros));
        } else {
            Files.writeString(group.resolve("cpu.max"), quotaMicros + " 100000");
        }
        System.out.printf(Locale.ROOT, "  %s limited to %d us of CPU per 100000%n", group, quotaMicros);
    }

    // ---------------------------------------------------------------- write

    /** One measured round: throughput and latency percentiles (ms). */
    record Round(double perSecond, double p50, double p95, double p99, long errors) {
    }

    /** The labelled SQL references of one level: actions a second and PostgreSQL's CPU ms per action. */
    record SqlDesigns(double serviceSql, double serviceSqlPostgres, double entityPath, double entityPathPostgres) {
    }

    record Level(int clients, Round service, double sql, double bare) {
        double limit() {
            return 1 / (1 / sql + 1 / bare);
        }
    }

    static void write(int[] levels) throws Exception {
        long run = System.currentTimeMillis();
        List<Long> agents = new ArrayList<>();
        for (int i = 1; i <= AGENTS; i++) {
            agents.add(createAgent("Bench Agent " + i, "bench" + i + "." + run + "@bench.example", null));
        }
        Probe probe = new Probe(run);
        System.out.printf("seeded %d agents and %d probe agents%n", AGENTS, PROBE_AGENTS);
        // one instance at a time: two JVMs compiling side by side on two cores take twice as long
        // with the probe beside it, so the engine's path is compiled too: without, the first 32-client
        // round (the first with the probe) was the slowest of every run, by up to a fifth
        warmUp("the service", () -> {
            Thread prober = probe.start(new ArrayList<>(), new ArrayList<>());
            try {
                return cycles(List.of(BASE), 16, agents, WARM_UP_ROUND, true).perSecond();
            } finally {
                probe.stop(prober);
            }
        });
        if (!SECOND.isBlank()) {
            warmUp("the second instance", () -> cycles(List.of(SECOND), 16, agents, WARM_UP_ROUND, true).perSecond());
        }
        warmUp("the bare app", () -> cycles(List.of(BARE), 16, agents, WARM_UP_ROUND, false).perSecond());
        preparePgbench(agents);

        List<Level> results = new ArrayList<>();
        List<Double> engineLatencies = new ArrayList<>();
        List<Double> engineLatenciesSeen = new ArrayList<>();
        Map<Integer, List<CpuPerAction>> cpuByLevel = new LinkedHashMap<>();
        // two labelled SQL references beside the minimal one: the service's own statement per action, and
        // the entity path's statements (sent only when that statement does not decide); not part of the limit
        Map<Integer, SqlDesigns> designsByLevel = new LinkedHashMap<>();
        for (int clients : levels) {
            vacuumWrittenTables(clients + " clients");
            List<Round> service = new ArrayList<>();
            List<Double> sql = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            List<CpuPerAction> serviceCpu = new ArrayList<>();
            List<CpuPerAction> sqlCpu = new ArrayList<>();
            List<CpuPerAction> bareCpu = new ArrayList<>();
            List<Double> serviceSql = new ArrayList<>();
            List<Double> entityPath = new ArrayList<>();
            List<CpuPerAction> serviceSqlCpu = new ArrayList<>();
            List<CpuPerAction> entityPathCpu = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                Thread prober = clients == LATENCY_LEVEL ? probe.start(engineLatencies, engineLatenciesSeen) : null;
                Round http = cycles(List.of(BASE), clients, agents, ROUND, true);
                serviceCpu.add(lastCpu);
                if (prober != null) {
                    probe.stop(prober);
                }
                double minimal = pgbench(clients, "write-minimal.sql", (long) (http.perSecond() / 3 * ROUND.toSeconds()), 3);
                sqlCpu.add(lastCpu);
                Round bareRound = cycles(List.of(BARE), clients, agents, ROUND, false);
                bareCpu.add(lastCpu);
                // fresh conversations for about twice the minimal SQL's cycles (pgbench seeds fifteen times the expected)
                long likeMinimal = (long) (minimal / 3 * ROUND.toSeconds() / 7);
                serviceSql.add(pgbench(clients, "write-service.sql", likeMinimal, 3));
                serviceSqlCpu.add(lastCpu);
                entityPath.add(pgbench(clients, "write-entity-path.sql", likeMinimal, 3));
                entityPathCpu.add(lastCpu);
                service.add(http);
                sql.add(minimal);
                bare.add(bareRound.perSecond());
                Level level = new Level(clients, http, minimal, bareRound.perSecond());
                System.out.printf(Locale.ROOT, "  clients %2d round %d: service %7.1f/s (p50 %.1f p99 %.1f ms, %d errors)"
                        + "  SQL %7.1f/s  bare %7.1f/s  limit %7.1f/s  service/limit %.2f  (service's SQL %7.1f/s, "
                        + "entity path %7.1f/s)%n", clients, round,
                        http.perSecond(), http.p50(), http.p99(), http.errors(), minimal, bareRound.perSecond(),
                        level.limit(), http.perSecond() / level.limit(), serviceSql.get(serviceSql.size() - 1),
                        entityPath.get(entityPath.size() - 1));
            }
            results.add(new Level(clients, medianRound(service), median(sql), median(bare)));
            designsByLevel.put(clients, new SqlDesigns(median(serviceSql), CpuPerAction.median(serviceSqlCpu).postgres(),
                    median(entityPath), CpuPerAction.median(entityPathCpu).postgres()));
            cpuByLevel.put(clients, List.of(CpuPerAction.median(serviceCpu), CpuPerAction.median(sqlCpu),
                    CpuPerAction.median(bareCpu)));
        }

        List<Double> one = new ArrayList<>();
        List<Double> two = new ArrayList<>();
        List<CpuPerAction> oneCpu = new ArrayList<>();
        List<CpuPerAction> twoCpu = new ArrayList<>();
        if (!SECOND.isBlank()) {
            vacuumWrittenTables("two instances");
            for (int round = 1; round <= ROUNDS; round++) {
                // CPU of both JVMs in both kinds of round: the idle instance's background work counts too
                CpuTimes before = CpuTimes.now(List.of(BASE, SECOND));
                one.add(cycles(List.of(BASE), 32, agents, ROUND, true).perSecond());
                CpuTimes between = CpuTimes.now(List.of(BASE, SECOND));
                two.add(cycles(List.of(BASE, SECOND), 32, agents, ROUND, true).perSecond());
                CpuTimes after = CpuTimes.now(List.of(BASE, SECOND));
                oneCpu.add(CpuTimes.perAction(before, between, one.get(one.size() - 1) * ROUND.toSeconds()));
                twoCpu.add(CpuTimes.perAction(between, after, two.get(two.size() - 1) * ROUND.toSeconds()));
                System.out.printf(Locale.ROOT, "  32 clients round %d: one instance %7.1f/s, two instances %7.1f/s%n",
                        round, one.get(one.size() - 1), two.get(two.size() - 1));
            }
        }
        String consistency = send("GET", "/api/v1/admin/consistency", null, 200);

        StringBuilder table = new StringBuilder();
        table.append("| clients | service actions/s | p50 ms | p95 ms | p99 ms | p99/p50 | errors | minimal SQL/s | bare HTTP/s | limit/s | service/limit | service/SQL |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Level level : results) {
            Round s = level.service();
            table.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %.1f | %d | %.0f | %.0f | %.0f | %.2f | %.2f |%n",
                    level.clients(), s.perSecond(), s.p50(), s.p95(), s.p99(), s.p99() / s.p50(), s.errors(),
                    level.sql(), level.bare(), level.limit(), s.perSecond() / level.limit(), s.perSecond() / level.sql()));
        }
        table.append("\nAn action is one HTTP assign, transfer or archive (a cycle of the three on a fresh conversation);\n"
                + "for the SQL, one transaction of the statements it cannot do without (lock the conversation, update it,\n"
                + "move the counters, insert the event: bench/sql/write-minimal.sql); for the bare app, the same request.\n"
                + "Medians of " + ROUNDS + " rounds of " + ROUND.toSeconds() + " s each; limit = 1 / (1/SQL + 1/bare).\n");
        if (CpuTimes.AVAILABLE) {
            table.append("\nCPU time per action, ms (from /proc; medians of the rounds): where an action's cost goes. \"App\" is\n"
                    + "the service or the bare app, \"PostgreSQL\" every server process, \"driver\" the load generator or pgbench.\n\n");
            table.append("| clients | service: app | service: PostgreSQL | service: driver | SQL: PostgreSQL | SQL: pgbench | bare: app | bare: driver |\n");
            table.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            cpuByLevel.forEach((clients, cpu) -> table.append(String.format(Locale.ROOT,
                    "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", clients, cpu.get(0).app(),
                    cpu.get(0).postgres(), cpu.get(0).driver(), cpu.get(1).postgres(), cpu.get(1).driver(),
                    cpu.get(2).app(), cpu.get(2).driver())));
        }
        table.append("\nThe same actions in other SQL through pgbench (not part of the limit): the service's own statement "
                + "per action (bench/sql/write-service.sql) and the entity path's statements, which the service sends only "
                + "when its statement does not decide (bench/sql/write-entity-path.sql), with PostgreSQL's CPU time per "
                + "action in ms.\n\n"
                + "| clients | minimal SQL/s | PostgreSQL | service's SQL/s | PostgreSQL | entity path/s | PostgreSQL |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Level level : results) {
            SqlDesigns designs = designsByLevel.get(level.clients());
            table.append(String.format(Locale.ROOT, "| %d | %.0f | %.2f | %.0f | %.2f | %.0f | %.2f |%n", level.clients(),
                    level.sql(), cpuByLevel.get(level.clients()).get(1).postgres(), designs.serviceSql(),
                    designs.serviceSqlPostgres(), designs.entityPath(), designs.entityPathPostgres()));
        }
        if (!engineLatencies.isEmpty()) {
            double[] db = engineLatencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double[] seen = engineLatenciesSeen.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            table.append(String.format(Locale.ROOT, "%nAuto-assignment under the %d-client load, %d samples: from the room "
                    + "freed (the archive's time) to the waiting conversation's assignment (its assignedAt): p50 %.1f ms, "
                    + "p95 %.1f ms, p99 %.1f ms, max %.1f ms. As a client sees it (archive sent → the agent seen holding "
                    + "one again, the archive's own latency under load included): p50 %.1f ms, p99 %.1f ms.%n",
                    LATENCY_LEVEL, db.length, percentile(db, 50), percentile(db, 95), percentile(db, 99), db[db.length - 1],
                    percentile(seen, 50), percentile(seen, 99)));
        }
        if (!one.isEmpty()) {
            table.append(String.format(Locale.ROOT, "%nTwo instances on one database, 32 clients split between them: %.0f actions/s; "
                    + "one instance in the same run: %.0f actions/s (ratio %.2f; medians of %d alternating rounds).%n",
                    median(two), median(one), median(two) / median(one), ROUNDS));
            if (CpuTimes.AVAILABLE) {
                CpuPerAction o = CpuPerAction.median(oneCpu);
                CpuPerAction t = CpuPerAction.median(twoCpu);
                table.append(String.format(Locale.ROOT, "CPU time per action, ms (both JVMs counted in both): one instance "
                        + "app %.2f, PostgreSQL %.2f, driver %.2f; two instances app %.2f, PostgreSQL %.2f, driver %.2f.%n",
                        o.app(), o.postgres(), o.driver(), t.app(), t.postgres(), t.driver()));
            }
        }
        table.append("\nConsistency report after the run: " + consistency + "\n");
        System.out.println();
        System.out.println(table);
        Files.writeString(OUT.resolve("write.md"), table.toString());
    }

    /**
     * Closed-loop clients running assign → transfer → archive cycles on fresh conversations against
     * {@code bases} (round-robin per client). The bare app needs no seeded conversations.
     */
    static Round cycles(List<String> bases, int clients, List<Long> agents, Duration length, boolean seeded)
            throws Exception {
        // enough for 3,600 actions a second (the service has done 2,700); the bare app takes any id
        ConcurrentLinkedQueue<Long> fresh = new ConcurrentLinkedQueue<>(seeded
                ? seedConversations((int) Math.max(1000, 1200 * length.toSeconds())) : List.of());
        if (seeded) {
            Thread.sleep(1000); // the relay ticks the seeded conversations' events before the clock starts
        }
        AtomicLong bareIds = new AtomicLong();
        CpuTimes before = CpuTimes.now(bases);
        Round round = closedLoop(clients, length, client -> {
            String base = bases.get(client % bases.size());
            java.util.Random random = new java.util.Random(client);
            return () -> {
                Long conversation = seeded ? fresh.poll() : Long.valueOf(bareIds.incrementAndGet());
                if (conversation == null) {
                    throw new IllegalStateException("the round used up its fresh conversations; raise the factor");
                }
                int from = random.nextInt(agents.size());
                long first = agents.get(from);
                long second = agents.get((from + 1 + random.nextInt(agents.size() - 1)) % agents.size());
                return List.of(
                        new Call(base, "POST", "/api/v1/conversations/" + conversation + "/assign", "{\"agentId\":" + first + "}"),
                        new Call(base, "POST", "/api/v1/conversations/" + conversation + "/transfer", "{\"agentId\":" + second + "}"),
                        new Call(base, "POST", "/api/v1/conversations/" + conversation + "/archive", null));
            };
        });
        lastCpu = CpuTimes.perAction(before, CpuTimes.now(bases), round.perSecond() * length.toSeconds());
        return round;
    }

    /**
     * Responses by status over the run, for the load mode and the drills: {@value #NO_ANSWER} when the
     * connection was refused, {@value #CUT_OFF} when it broke with the request in flight.
     */
    static final Map<Integer, LongAdder> STATUSES = new ConcurrentSkipListMap<>();
    static final int NO_ANSWER = -1;
    static final int CUT_OFF = -2;

    /** One request of a round. */
    record Call(String base, String method, String path, String json) {

        static Call get(String base, String path) {
            return new Call(base, "GET", path, null);
        }
    }

    /** A client's next requests. */
    interface Requests {
        List<Call> next() throws Exception;
    }

    /** One round of closed-loop clients, each sending its requests one after another until the round ends. */
    static Round closedLoop(int clients, Duration length, IntFunction<Requests> perClient) throws Exception {
        return closedLoop(clients, length, perClient, 200);
    }

    /** Closed-loop clients for {@code length}; a response other than {@code expected} counts as an error. */
    static Round closedLoop(int clients, Duration length, IntFunction<Requests> perClient, int expected)
            throws Exception {
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] errors = new long[clients];
        CountDownLatch done = new CountDownLatch(clients);
        long started = System.nanoTime();
        long deadline = started + length.toNanos();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[client] = new long[1 << 16];
            Requests requests = perClient.apply(client);
            startThread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        for (Call request : requests.next()) {
                            long t0 = System.nanoTime();
                            int status;
                            try {
                                status = call(request.base(), request.method(), request.path(), request.json()).status();
                            } catch (java.net.ConnectException refused) {
                                // an instance down (the drills stop one): counted, and the client goes on
                                status = NO_ANSWER;
                                Thread.sleep(100);
                            } catch (IOException cutOff) {
                                // the connection broke with the request in flight
                                status = CUT_OFF;
                                Thread.sleep(100);
                            }
                            STATUSES.computeIfAbsent(status, s -> new LongAdder()).increment();
                            long took = System.nanoTime() - t0;
                            if (status != expected) {
                                errors[client]++;
                            }
                            if (counts[client] == latencies[client].length) {
                                latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                            }
                            latencies[client][counts[client]++] = took;
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    errors[client]++;
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] all = new long[Arrays.stream(counts).sum()];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Round(all.length / seconds, percentile(all, 50), percentile(all, 95), percentile(all, 99),
                Arrays.stream(errors).sum());
    }

    /**
     * Frees room for a waiting conversation and times its automatic assignment: {@value #PROBE_AGENTS}
     * ONLINE agents of capacity 1, each holding one conversation, and a queue that never runs dry. Each
     * probe archives one agent's conversation and polls that agent until it holds one again.
     */
    static final class Probe {

        private final List<Long> agents = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();

        Probe(long run) throws Exception {
            for (int i = 1; i <= PROBE_AGENTS; i++) {
                long agent = createAgent("Probe Agent " + i, "probe" + i + "." + run + "@bench.example", 1);
                send("PUT", "/api/v1/agents/" + agent + "/availability", "{\"availability\":\"ONLINE\"}", 200);
                agents.add(agent);
            }
            for (int i = 0; i < PROBE_AGENTS * 2; i++) {
                waitingConversation();
            }
        }

        /**
         * Each sample: in the database, from the archive's time (the room freed) to the next
         * conversation's assignedAt; and as a client sees it, from sending the archive to seeing the
         * agent hold a conversation again (this includes the archive request's own time under load).
         */
        Thread start(List<Double> inDatabase, List<Double> seenByClient) {
            stop.set(false);
            Thread thread = startThread(() -> {
                try {
                    for (int turn = 0; !stop.get(); turn++) {
                        long agent = agents.get(turn % agents.size());
                        long held = heldBy(agent);
                        waitingConversation(); // the queue keeps one for every probe
                        long t0 = System.nanoTime();
                        String archived = send("POST", "/api/v1/conversations/" + held + "/archive", null, 200);
                        // every 10 ms: polled every millisecond, the probe's reads were a load of their own
                        // (hundreds a second), which the 32-client rounds paid for in throughput; the
                        // figure that counts (room freed to assignment) comes from the database's times
                        while (activeConversations(agent) == 0) {
                            Thread.sleep(10);
                        }
                        seenByClient.add((System.nanoTime() - t0) / 1e6);
                        String next = send("GET", "/api/v1/conversations/" + heldBy(agent), null, 200);
                        inDatabase.add(Duration.between(instant(archived, "archivedAt"), instant(next, "assignedAt"))
                                .toNanos() / 1e6);
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            return thread;
        }

        void stop(Thread thread) throws InterruptedException {
            stop.set(true);
            thread.join();
        }

        private static java.time.Instant instant(String json, String member) {
            Matcher matcher = Pattern.compile("\"" + member + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
            if (!matcher.find()) {
                throw new IllegalStateException("no " + member + " in " + json);
            }
            return java.time.Instant.parse(matcher.group(1));
        }

        private static void waitingConversation() throws IOException {
            send("POST", "/api/v1/conversations", "{\"visitor\":{\"name\":\"Probe Visitor\"},\"waitingForAgent\":true}", 201);
        }

        private static long heldBy(long agent) throws Exception {
            for (int i = 0; i < 5000; i++) {
                Matcher id = Pattern.compile("\"items\":\\[\\{\"id\":(\\d+)").matcher(
                        send("GET", "/api/v1/conversations?folder=assigned&assigneeId=" + agent + "&limit=1", null, 200));
                if (id.find()) {
                    return Long.parseLong(id.group(1));
                }
                Thread.sleep(1);
            }
            throw new IllegalStateException("probe agent " + agent + " holds nothing");
        }

        private static int activeConversations(long agent) throws IOException {
            return (int) firstLong(send("GET", "/api/v1/agents/" + agent, null, 200), "activeConversations");
        }
    }

    /** The pgbench scripts get the payload of a real event, so their outbox rows weigh what the service's do. */
    static void preparePgbench(List<Long> agents) throws Exception {
        String payload = psql("select payload::text from outbox_event where type = 'conversation.transferred' "
                + "order by id desc limit 1").strip();
        if (payload.isEmpty()) {
            throw new IllegalStateException("no transferred event to copy the payload of");
        }
        for (String name : List.of("write-minimal.sql", "write-service.sql", "write-entity-path.sql")) {
            String script = Files.readString(Path.of("bench", "sql", name))
                    .replace(":payload", "'" + payload.replace("'", "''") + "'")
                    .replace(":first_agent", String.valueOf(agents.get(0)));
            Files.writeString(OUT.resolve(name), script);
        }
        psql("create sequence if not exists bench_next_conversation; "
                + "create table if not exists bench_fresh (n bigint primary key, id bigint not null)");
    }

    /**
     * One pgbench round of {@code script} (in target/bench or bench/sql): transactions per second
     * times {@code perScript} (the transactions one run of the script holds).
     */
    static double pgbench(int clients, String script, long expectedScripts, int perScript) throws Exception {
        Path file = Files.exists(OUT.resolve(script)) ? OUT.resolve(script) : Path.of("bench", "sql", script);
        long needed = 0;
        if (script.startsWith("write")) {
            // fresh conversations for every cycle pgbench may run: fifteen times what the service managed, at least
            needed = Math.max(5_000, expectedScripts * 15);
            List<Long> ids = seedConversations((int) needed);
            // the seeded ids need not be contiguous (another session may insert meanwhile): pgbench
            // walks them through a numbered list
            psql("truncate bench_fresh; insert into bench_fresh (n, id) select row_number() over (order by id), id "
                    + "from conversation where id between " + ids.get(0) + " and " + ids.get(ids.size() - 1)
                    + " and visitor_name like 'Bench Visitor %'; select setval('bench_next_conversation', 1, false)");
        }
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared",
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)),
                "-T", String.valueOf(ROUND.toSeconds()), "-D", "agents=" + AGENTS, "-f", file.toString()));
        command.addAll(pgConnection());
        CpuTimes before = CpuTimes.now(List.of());
        String output = run(command);
        CpuTimes after = CpuTimes.now(List.of());
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
        Matcher processed = Pattern.compile("number of transactions actually processed: (\\d+)").matcher(output);
        if (!tps.find() || !processed.find() || output.contains("aborted") && !output.contains("failed: 0 (0.000%)")) {
            throw new IllegalStateException("pgbench did not finish cleanly:\n" + output);
        }
        if (needed > 0 && Long.parseLong(processed.group(1)) >= needed) {
            throw new IllegalStateException("pgbench used up the seeded conversations; raise the factor");
        }
        // pgbench counts runs of the script as its "transactions": perScript actions each
        lastCpu = CpuTimes.perAction(before, after, Long.parseLong(processed.group(1)) * perScript);
        return Double.parseDouble(tps.group(1)) * perScript;
    }

    /**
     * UNASSIGNED conversations nobody waits on, inserted as the service would: each with its
     * conversation.created event, so the folder totals follow.
     */
    static List<Long> seedConversations(int count) throws Exception {
        String ids = psql("""
                with made as (
                    insert into conversation (status, visitor_name, channel, subject, waiting_for_agent, waiting_since,
                                              created_at, updated_at, version)
                    select 'UNASSIGNED', 'Bench Visitor ' || g, 'web', 'Benchmark conversation', false, now(), now(), now(), 0
                    from generate_series(1, %d) g
                    returning id),
                recorded as (
                    insert into outbox_event (type, conversation_id, from_folder, to_folder, payload, created_at)
                    select 'conversation.created', id, null, 'unassigned', '{}', now() from made)
                select string_agg(id::text, ',' order by id) from made""".formatted(count)).strip();
        return Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
    }

    // ---------------------------------------------------------------- read

    /** 200 agents and 1,000,000 conversations (10 % waiting, 20 % assigned, 70 % archived) straight in SQL. */
    static void seedRead() throws Exception {
        long started = System.nanoTime();
        run(psqlCommand("-q", "-f", "bench/sql/seed-read.sql"));
        System.out.printf("seeded 200 agents and 1,000,000 conversations in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    record Read(String name, String path, String bare, String sql) {
    }

    static void read() throws Exception {
        String counts = send("GET", "/api/v1/conversations/counts", null, 200);
        System.out.println("counts: " + counts);
        List<Read> reads = List.of(
                new Read("folder counts", "/api/v1/conversations/counts", "/api/v1/conversations/counts", "read-counts.sql"),
                new Read("first page, Unassigned", "/api/v1/conversations?folder=unassigned",
                        "/api/v1/conversations?folder=unassigned", "read-unassigned.sql"),
                new Read("first page, Assigned", "/api/v1/conversations?folder=assigned",
                        "/api/v1/conversations?folder=assigned", "read-assigned.sql"),
                new Read("first page, Archived", "/api/v1/conversations?folder=archived",
                        "/api/v1/conversations?folder=archived", "read-archived.sql"),
                new Read("first page, All", "/api/v1/conversations?folder=all", "/api/v1/conversations?folder=all",
                        "read-all.sql"),
                new Read("agents with counters", "/api/v1/agents", "/api/v1/agents?count=200", "read-agents.sql"));
        int perRound = Integer.parseInt(env("BENCH_READS", "1000"));
        int clients = LATENCY_LEVEL;

        // the folder pages share one code path that the JIT has not compiled yet: without this, the first
        // page measured (Unassigned) paid for the compilation and looked three times slower than the others
        warmUp("the reads, all of them in turn", () -> closedLoop(clients, WARM_UP_ROUND, client -> {
            int[] next = {client};
            return () -> List.of(Call.get(BASE, reads.get(next[0]++ % reads.size()).path()));
        }).perSecond());
        StringBuilder table = new StringBuilder("| read | service req/s (32) | SQL/s (32) | bare HTTP/s (32) | limit/s | service/limit | p50 ms (1 client) | p99 ms (1 client) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Read read : reads) {
            for (int i = 0; i < 300; i++) {
                send("GET", read.path(), null, 200); // warm-up
            }
            closedLoop(clients, Duration.ofSeconds(3), client -> () -> List.of(Call.get(BASE, read.path())));
            closedLoop(clients, Duration.ofSeconds(3), client -> () -> List.of(Call.get(BARE, read.bare())));
            List<Double> service = new ArrayList<>();
            List<Double> sql = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            List<double[]> single = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                service.add(closedLoop(clients, ROUND, client -> () -> List.of(Call.get(BASE, read.path())))
                        .perSecond());
                sql.add(pgbench(clients, read.sql(), 0, 1));
                bare.add(closedLoop(clients, ROUND, client -> () -> List.of(Call.get(BARE, read.bare())))
                        .perSecond());
                long[] took = new long[perRound];
                for (int i = 0; i < perRound; i++) {
                    long t0 = System.nanoTime();
                    send("GET", read.path(), null, 200);
                    took[i] = System.nanoTime() - t0;
                }
                Arrays.sort(took);
                single.add(new double[] {percentile(took, 50), percentile(took, 99)});
            }
            double limit = 1 / (1 / median(sql) + 1 / median(bare));
            table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f |%n", read.name(),
                    median(service), median(sql), median(bare), limit, median(service) / limit,
                    median(single.stream().map(r -> r[0]).toList()), median(single.stream().map(r -> r[1]).toList())));
            System.out.printf(Locale.ROOT, "  %-24s service %7.0f/s  SQL %7.0f/s  bare %7.0f/s  service/limit %.2f  p99 (1 client) %.2f ms%n",
                    read.name(), median(service), median(sql), median(bare), median(service) / limit,
                    median(single.stream().map(r -> r[1]).toList()));
        }
        table.append("\n" + counts + "\nMedians of " + ROUNDS + " rounds: " + ROUND.toSeconds() + " s at 32 connections "
                + "for each of the service, its SQL (bench/sql/read-*.sql through pgbench) and the bare app, and "
                + perRound + " sequential requests for the one-client latency. The 32 connections ask for the same path at"
                + " once, as consoles do after an event, so the service's reads share queries (CoalescedReads): one query"
                + " answers the requests that arrived while the one before it ran.\n");
        System.out.println();
        System.out.println(table);
        Files.writeString(OUT.resolve("read.md"), table.toString());
    }

    // ---------------------------------------------------------------- plumbing

    static long createAgent(String name, String email, Integer capacity) throws IOException {
        String created = send("POST", "/api/v1/agents", "{\"name\":\"" + name + "\",\"email\":\"" + email + "\""
                + (capacity == null ? "" : ",\"capacity\":" + capacity) + "}", 201);
        return firstLong(created, "id");
    }

    /**
     * One request on the JDK's blocking HttpURLConnection, which keeps the connection alive per
     * thread: on two cores the load generator must cost little, and java.net.http's selector
     * thread hand-offs cost about a millisecond a request here.
     */
    static Response call(String base, String method, String path, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        connection.setRequestProperty("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        InputStream stream = status < 400 ? connection.getInputStream() : connection.getErrorStream();
        String text = "";
        if (stream != null) {
            try (InputStream in = stream) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new Response(status, text);
    }

    record Response(int status, String body) {
    }

    /** A merge-patch, for setting up (HttpURLConnection knows no PATCH). */
    static void patch(String path, String json) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(BASE + path))
                        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/merge-patch+json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PATCH " + path + " -> " + response.statusCode() + " " + response.body());
        }
    }

    static String send(String method, String path, String json, int expected) throws IOException {
        Response response = call(BASE, method, path, json);
        if (response.status() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + response.status() + " " + response.body());
        }
        return response.body();
    }

    static long firstLong(String json, String member) {
        Matcher matcher = Pattern.compile("\"" + member + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + member + " in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    static List<String> pgConnection() {
        return List.of("-h", env("BENCH_PGHOST", "127.0.0.1"), "-p", env("BENCH_PGPORT", "5432"),
                "-U", env("BENCH_PGUSER", "postgres"), DATABASE);
    }

    /** The CPU use per action of the round measured last (by cycles or pgbench); zeros where /proc is not there. */
    static CpuPerAction lastCpu = new CpuPerAction(0, 0, 0);

    record CpuPerAction(double app, double postgres, double driver) {
        static CpuPerAction median(List<CpuPerAction> rounds) {
            return new CpuPerAction(Bench.median(rounds.stream().map(CpuPerAction::app).toList()),
                    Bench.median(rounds.stream().map(CpuPerAction::postgres).toList()),
                    Bench.median(rounds.stream().map(CpuPerAction::driver).toList()));
        }
    }

    /**
     * CPU time so far, in clock ticks from /proc, of what a round drives: the apps listening on the
     * ports of {@code bases}, every PostgreSQL process (with the backends that exited, which the
     * postmaster's children times keep: pgbench's connections end with its run) and this JVM with its
     * children (the load generator, pgbench). Only where the server runs on this machine, as
     * bench/run.sh sets it up.
     */
    record CpuTimes(long app, long postgres, long driver) {
        static final boolean AVAILABLE = Files.isReadable(Path.of("/proc/self/stat"));
        /** USER_HZ, which Linux reports these times in: 100 on every architecture it is built for today. */
        static final double MILLIS_PER_TICK = 10;

        static CpuTimes now(List<String> bases) {
            if (!AVAILABLE) {
                return new CpuTimes(0, 0, 0);
            }
            List<String> ports = bases.stream().map(base -> "--server.port=" + URI.create(base).getPort()).toList();
            long app = 0;
            long postgres = 0;
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(path -> path.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        long[] times = times(process);
                        if (command(process).equals("postgres")) {
                            postgres += times[0] + times[1] + times[2] + times[3];
                        } else if (!ports.isEmpty() && Arrays.stream(Files.readString(process.resolve("cmdline")).split("\0"))
                                .anyMatch(ports::contains)) {
                            app += times[0] + times[1];
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended while being read
                    }
                }
                long[] self = times(Path.of("/proc/self"));
                return new CpuTimes(app, postgres, self[0] + self[1] + self[2] + self[3]);
            } catch (IOException e) {
                return new CpuTimes(0, 0, 0);
            }
        }

        /** utime, stime, cutime, cstime: the fields after the command name in parentheses, which may hold spaces. */
        private static long[] times(Path process) throws IOException {
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12]), Long.parseLong(fields[13]),
                    Long.parseLong(fields[14])};
        }

        private static String command(Path process) throws IOException {
            String stat = Files.readString(process.resolve("stat"));
            return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        }

        static CpuPerAction perAction(CpuTimes before, CpuTimes after, double actions) {
            if (actions <= 0) {
                return new CpuPerAction(0, 0, 0);
            }
            return new CpuPerAction((after.app - before.app) * MILLIS_PER_TICK / actions,
                    (after.postgres - before.postgres) * MILLIS_PER_TICK / actions,
                    (after.driver - before.driver) * MILLIS_PER_TICK / actions);
        }
    }

    /** What autovacuum would have done by now; prints the dead row versions it found, so a run shows how much there was. */
    static void vacuumWrittenTables(String phase) throws Exception {
        if (!VACUUM_BETWEEN_PHASES) {
            return;
        }
        String dead = psql("select string_agg(relname || ' ' || n_dead_tup, ', ' order by relname) from pg_stat_user_tables "
                + "where relname in ('conversation', 'agent', 'outbox_event', 'outbox_tick', 'conversation_event')");
        long started = System.nanoTime();
        psql("vacuum (analyze) conversation, agent, outbox_event, outbox_tick, conversation_event");
        System.out.printf(Locale.ROOT, "vacuumed before %s in %.1f s (dead row versions: %s)%n", phase,
                (System.nanoTime() - started) / 1e9, dead);
    }

    static String psql(String sql) throws Exception {
        return run(psqlCommand("-q", "-At", "-c", sql));
    }

    /** psql on the benchmark database, stopping at the first error, with these arguments. */
    static List<String> psqlCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1"));
        List<String> connection = pgConnection();
        command.addAll(connection.subList(0, connection.size() - 1));
        command.addAll(List.of("-d", connection.get(connection.size() - 1)));
        command.addAll(List.of(arguments));
        return command;
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command.subList(0, 2)) + " failed:\n" + output);
        }
        return output;
    }

    /** Milliseconds at the given percentile of sorted nanosecond latencies (nearest rank). */
    static double percentile(long[] sortedNanos, double percentile) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percentile / 100 * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }

    /** The value at the given percentile of sorted values (nearest rank). */
    static double percentile(double[] sorted, double percentile) {
        int rank = (int) Math.ceil(percentile / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Each column's median over the rounds. */
    static Round medianRound(List<Round> rounds) {
        return new Round(median(rounds.stream().map(Round::perSecond).toList()),
                median(rounds.stream().map(Round::p50).toList()), median(rounds.stream().map(Round::p95).toList()),
                median(rounds.stream().map(Round::p99).toList()), rounds.stream().mapToLong(Round::errors).sum());
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** One platform thread per client, as a closed-loop load generator has. */
    static Thread startThread(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
