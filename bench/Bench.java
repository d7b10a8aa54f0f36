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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark driver behind bench/run.sh: JDK only, run as a single source file
 * ({@code java bench/Bench.java <phase>}), so it needs nothing but the JDK, psql and pgbench.
 *
 * <ul>
 *   <li>{@code write}: assign → transfer → archive cycles over HTTP by closed-loop clients at each
 *       concurrency, each (concurrency, round) followed by pgbench running the same SQL statements
 *       the service sends per action (bench/sql/cycle.sql) on the same database: the raw-SQL
 *       ceiling, measured under the same conditions.</li>
 *   <li>{@code read}: on a database of 1,000,000 conversations and 200 agents, the first page of
 *       each folder, the folder counts and the agent list.</li>
 * </ul>
 *
 * Every number is the median over {@code BENCH_ROUNDS} rounds. Results go to stdout and to
 * target/bench/*.md.
 */
public class Bench {

    static final String BASE = env("BENCH_BASE_URL", "http://127.0.0.1:18080");
    static final String TOKEN = env("BENCH_ADMIN_TOKEN", "bench-admin-token-0123456789");
    static final int ROUNDS = Integer.parseInt(env("BENCH_ROUNDS", "3"));
    static final Duration ROUND = Duration.ofSeconds(Long.parseLong(env("BENCH_SECONDS", "10")));
    static final int AGENTS = 64;
    static final Path OUT = Path.of("target", "bench");

    public static void main(String[] args) throws Exception {
        // keep one alive connection per client thread (the JDK keeps 5 per host by default)
        System.setProperty("http.maxConnections", "256");
        Files.createDirectories(OUT);
        switch (args.length == 0 ? "" : args[0]) {
            case "write" -> write(Arrays.stream(env("BENCH_CLIENTS", "1,8,32,64").split(","))
                    .map(String::trim).mapToInt(Integer::parseInt).toArray());
            case "seed-read" -> seedRead();
            case "read" -> read();
            default -> {
                System.err.println("usage: java bench/Bench.java write|seed-read|read  (see bench/run.sh)");
                System.exit(2);
            }
        }
    }

    // ---------------------------------------------------------------- write: service vs ceiling

    record Level(int clients, double opsPerSecond, double p50, double p95, double p99, long errors,
            double ceilingOpsPerSecond) {
        double ratio() {
            return opsPerSecond / ceilingOpsPerSecond;
        }
    }

    static void write(int[] levels) throws Exception {
        List<Long> agents = new ArrayList<>();
        long run = System.currentTimeMillis();
        for (int i = 1; i <= AGENTS; i++) {
            String created = send("POST", "/api/v1/agents", "{\"name\":\"Bench Agent " + i + "\",\"email\":\"bench" + i
                    + "." + run + "@bench.example\"}", 201);
            agents.add(firstLong(created, "id"));
        }
        // the JIT needs a while on two busy cores: warm up until the code paths are compiled
        Duration warmUp = Duration.ofSeconds(Long.parseLong(env("BENCH_WARMUP_SECONDS", "30")));
        System.out.printf("seeded %d agents; warming up (8 clients, %d s, not counted)%n", AGENTS, warmUp.toSeconds());
        httpRound(8, agents, warmUp);

        preparePgbench(agents);
        List<Level> results = new ArrayList<>();
        for (int clients : levels) {
            List<double[]> service = new ArrayList<>();
            List<Double> ceiling = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                double[] http = httpRound(clients, agents, ROUND);
                double sql = pgbenchRound(clients, (long) (http[0] / 3 * ROUND.toSeconds()));
                service.add(http);
                ceiling.add(sql);
                System.out.printf(Locale.ROOT, "  clients %2d round %d: service %7.1f ops/s (p50 %.1f p95 %.1f p99 %.1f ms, %d errors)"
                        + "  ceiling %7.1f ops/s  ratio %.2f%n", clients, round, http[0], http[1], http[2], http[3],
                        (long) http[4], sql, http[0] / sql);
            }
            results.add(new Level(clients, median(service, 0), median(service, 1), median(service, 2),
                    median(service, 3), (long) service.stream().mapToDouble(r -> r[4]).sum(),
                    median(ceiling.stream().map(c -> new double[] {c}).toList(), 0)));
        }
        String drift = send("GET", "/api/v1/admin/consistency", null, 200);

        StringBuilder table = new StringBuilder();
        table.append("| clients | service ops/s | p50 ms | p95 ms | p99 ms | errors | raw-SQL ceiling ops/s | service / ceiling |\n");
        table.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Level level : results) {
            table.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f | %.1f | %.1f | %d | %.0f | %.2f |%n",
                    level.clients(), level.opsPerSecond(), level.p50(), level.p95(), level.p99(), level.errors(),
                    level.ceilingOpsPerSecond(), level.ratio()));
        }
        table.append("\nAn op is one HTTP action (assign, transfer or archive) or, for the ceiling, one pgbench\n"
                + "transaction of the same statements. Medians of " + ROUNDS + " rounds of " + ROUND.toSeconds()
                + " s each.\nConsistency report after the run: " + drift + "\n");
        System.out.println();
        System.out.println(table);
        Files.writeString(OUT.resolve("write.md"), table.toString());
    }

    /** One round of closed-loop HTTP clients: {ops/s, p50, p95, p99 (ms), errors}. */
    static double[] httpRound(int clients, List<Long> agents, Duration length) throws Exception {
        // enough fresh conversations for the round at a generous rate; the round ends early if they run out
        ConcurrentLinkedQueue<Long> fresh = new ConcurrentLinkedQueue<>(
                seedConversations((int) Math.max(500, clients * 15 * length.toSeconds())));
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] errors = new long[clients];
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(clients);
        long started = System.nanoTime();
        long deadline = started + length.toNanos();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[client] = new long[1 << 16];
            startThread(() -> {
                try {
                    java.util.Random random = new java.util.Random(client);
                    while (!stop.get() && System.nanoTime() < deadline) {
                        Long conversation = fresh.poll();
                        if (conversation == null) {
                            break;
                        }
                        int from = random.nextInt(agents.size());
                        long first = agents.get(from);
                        long second = agents.get((from + 1 + random.nextInt(agents.size() - 1)) % agents.size());
                        String[][] cycle = {
                                {"assign", "{\"agentId\":" + first + "}"},
                                {"transfer", "{\"agentId\":" + second + "}"},
                                {"archive", null}};
                        for (String[] action : cycle) {
                            long t0 = System.nanoTime();
                            int status = post("/api/v1/conversations/" + conversation + "/" + action[0], action[1]);
                            long took = System.nanoTime() - t0;
                            if (status != 200) {
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
        return new double[] {all.length / seconds, percentile(all, 50), percentile(all, 95), percentile(all, 99),
                Arrays.stream(errors).sum()};
    }

    /** The pgbench script gets the payload of a real event, so its outbox rows weigh what the service's do. */
    static void preparePgbench(List<Long> agents) throws Exception {
        String payload = psql("select payload::text from outbox_event where type = 'conversation.transferred' "
                + "order by id desc limit 1").strip();
        if (payload.isEmpty()) {
            throw new IllegalStateException("no transferred event to copy the payload of");
        }
        String script = Files.readString(Path.of("bench", "sql", "cycle.sql"))
                .replace(":payload", "'" + payload.replace("'", "''") + "'")
                .replace(":first_agent", String.valueOf(agents.get(0)));
        Files.writeString(OUT.resolve("cycle.sql"), script);
        psql("create sequence if not exists bench_next_conversation");
    }

    /** One pgbench round of the same statements: ops/s (three transactions per cycle). */
    static double pgbenchRound(int clients, long expectedCycles) throws Exception {
        // fresh conversations for every cycle pgbench may run: fifteen times what the service managed, at least
        long needed = Math.max(5_000, expectedCycles * 15);
        List<Long> ids = seedConversations((int) needed);
        psql("select setval('bench_next_conversation', " + ids.get(0) + ", false)");
        List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-M", "prepared",
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)),
                "-T", String.valueOf(ROUND.toSeconds()), "-D", "agents=" + AGENTS,
                "-f", OUT.resolve("cycle.sql").toString()));
        command.addAll(pgConnection());
        String output = run(command);
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(output);
        Matcher processed = Pattern.compile("number of transactions actually processed: (\\d+)").matcher(output);
        if (!tps.find() || !processed.find() || output.contains("aborted") && !output.contains("failed: 0 (0.000%)")) {
            throw new IllegalStateException("pgbench did not finish cleanly:\n" + output);
        }
        if (Long.parseLong(processed.group(1)) >= needed) {
            throw new IllegalStateException("pgbench used up the seeded conversations; raise the factor");
        }
        return Double.parseDouble(tps.group(1)) * 3;
    }

    /** UNASSIGNED conversations nobody waits on, inserted as the service would (folder counts follow). */
    static List<Long> seedConversations(int count) throws Exception {
        String ids = psql("""
                with made as (
                    insert into conversation (status, visitor_name, channel, subject, waiting_for_agent, waiting_since,
                                              created_at, updated_at, version)
                    select 'UNASSIGNED', 'Bench Visitor ' || g, 'web', 'Benchmark conversation', false, now(), now(), now(), 0
                    from generate_series(1, %d) g
                    returning id),
                counted as (update folder_count set unassigned = unassigned + (select count(*) from made))
                select string_agg(id::text, ',' order by id) from made""".formatted(count)).strip();
        return Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
    }

    // ---------------------------------------------------------------- read: 1M conversations

    /** 200 agents and 1,000,000 conversations (10 % waiting, 20 % assigned, 70 % archived) straight in SQL. */
    static void seedRead() throws Exception {
        long started = System.nanoTime();
        run(psqlCommand("-q", "-f", "bench/sql/seed-read.sql"));
        System.out.printf("seeded 200 agents and 1,000,000 conversations in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    static void read() throws Exception {
        String counts = send("GET", "/api/v1/conversations/counts", null, 200);
        System.out.println("counts: " + counts);
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("first page, Unassigned", "/api/v1/conversations?folder=unassigned");
        requests.put("first page, Assigned", "/api/v1/conversations?folder=assigned");
        requests.put("first page, Archived", "/api/v1/conversations?folder=archived");
        requests.put("first page, All", "/api/v1/conversations?folder=all");
        requests.put("first page, Assigned of one agent", "/api/v1/conversations?folder=assigned&assigneeId=7");
        requests.put("folder counts", "/api/v1/conversations/counts");
        requests.put("folder counts of one agent", "/api/v1/conversations/counts?assigneeId=7");
        requests.put("agents with counters", "/api/v1/agents");
        int perRound = Integer.parseInt(env("BENCH_READS", "1000"));

        StringBuilder table = new StringBuilder("| read (1 client) | p50 ms | p99 ms | requests/s |\n|---|---:|---:|---:|\n");
        for (Map.Entry<String, String> request : requests.entrySet()) {
            List<double[]> rounds = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                send("GET", request.getValue(), null, 200); // warm-up
            }
            for (int round = 0; round < ROUNDS; round++) {
                long[] took = new long[perRound];
                long started = System.nanoTime();
                for (int i = 0; i < perRound; i++) {
                    long t0 = System.nanoTime();
                    send("GET", request.getValue(), null, 200);
                    took[i] = System.nanoTime() - t0;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Arrays.sort(took);
                rounds.add(new double[] {percentile(took, 50), percentile(took, 99), perRound / seconds});
            }
            table.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.0f |%n", request.getKey(),
                    median(rounds, 0), median(rounds, 1), median(rounds, 2)));
            System.out.printf(Locale.ROOT, "  %-36s p50 %.2f ms  p99 %.2f ms%n", request.getKey(), median(rounds, 0),
                    median(rounds, 1));
        }
        table.append("\n" + counts + "\nMedians of " + ROUNDS + " rounds of " + perRound + " sequential requests each, after 200 warm-up requests.\n");
        System.out.println();
        System.out.println(table);
        Files.writeString(OUT.resolve("read.md"), table.toString());
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * One request on the JDK's blocking HttpURLConnection, which keeps the connection alive per
     * thread: on two cores the load generator must cost little, and java.net.http's selector
     * thread hand-offs cost about a millisecond a request here.
     */
    static Response call(String method, String path, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(BASE + path).toURL().openConnection();
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

    static int post(String path, String json) throws IOException {
        return call("POST", path, json).status();
    }

    static String send(String method, String path, String json, int expected) throws IOException {
        Response response = call(method, path, json);
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
                "-U", env("BENCH_PGUSER", "postgres"), env("BENCH_DB", "inbox_bench"));
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

    static double median(List<double[]> rounds, int column) {
        double[] values = rounds.stream().mapToDouble(r -> r[column]).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** One platform thread per client, as a closed-loop load generator has. */
    static void startThread(Runnable body) {
        Thread thread = new Thread(body);
        thread.setDaemon(true);
        thread.start();
    }
}
