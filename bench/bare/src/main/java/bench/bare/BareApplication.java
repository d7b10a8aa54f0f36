package bench.bare;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the HTTP stack costs on its own: the service's paths, request bodies and JSON shapes
 * (a conversation with its assignee, a page of 25, the folder counts, the agent list), answered
 * from memory. The benchmark drives it with the same load generator as the service, so
 * 1 / (1 / SQL + 1 / bare) is what this machine could do for an action at best.
 */
@SpringBootApplication
public class BareApplication {

    public static void main(String[] args) {
        SpringApplication.run(BareApplication.class, args);
    }

    record Visitor(String name, String email, String externalId) {
    }

    record Assignee(long id, String name) {
    }

    record Conversation(long id, String status, Visitor visitor, String channel, String subject, boolean waitingForAgent,
            Assignee assignee, Instant waitingSince, Instant lastMessageAt, Instant assignedAt, Instant archivedAt,
            Instant createdAt, Instant updatedAt, long version) {
    }

    record Page<T>(List<T> items, String nextCursor) {
    }

    record Agent(long id, String name, String email, String availability, Integer capacity, int activeConversations,
            boolean active, Instant createdAt) {
    }

    record AgentList(List<Agent> items) {
    }

    record Counts(long unassigned, long assigned, long archived, long all) {
    }

    record AssignRequest(Long agentId) {
    }

    @RestController
    @RequestMapping("/api/v1")
    static class Inbox {

        private static final Instant AT = Instant.parse("2026-11-25T10:15:30.123456Z");

        private static Conversation conversation(long id, String status, Long agentId) {
            return new Conversation(id, status, new Visitor("Bench Visitor " + id, null, null), "web",
                    "Benchmark conversation", false, agentId == null ? null : new Assignee(agentId, "Bench Agent " + agentId),
                    null, null, agentId == null ? null : AT, "ARCHIVED".equals(status) ? AT : null, AT, AT, 3);
        }

        @PostMapping("/conversations/{id}/{action}")
        ResponseEntity<Conversation> act(@PathVariable long id, @PathVariable String action,
                @RequestBody(required = false) AssignRequest request) {
            String status = switch (action) {
                case "archive" -> "ARCHIVED";
                case "unassign", "reopen" -> "UNASSIGNED";
                default -> "ASSIGNED";
            };
            Conversation body = conversation(id, status, request == null ? 1L : request.agentId());
            return ResponseEntity.ok().eTag("W/\"" + body.version() + "\"").body(body);
        }

        @GetMapping("/conversations/counts")
        Counts counts() {
            return new Counts(99_905, 200_819, 699_276, 1_000_000);
        }

        @GetMapping("/conversations")
        Page<Conversation> folder(@RequestParam(defaultValue = "all") String folder,
                @RequestParam(defaultValue = "25") int limit) {
            String status = folder.equals("all") ? "ARCHIVED" : folder.toUpperCase();
            return new Page<>(LongStream.rangeClosed(1, limit)
                    .mapToObj(id -> conversation(id, status, status.equals("UNASSIGNED") ? null : 7L)).toList(),
                    "eyJ1cGRhdGVkQXQiOiIyMDI2LTExLTI1VDEwOjE1OjMwLjEyMzQ1NloiLCJpZCI6MjV9");
        }

        @GetMapping("/agents")
        AgentList agents(@RequestParam(defaultValue = "200") int count) {
            return new AgentList(LongStream.rangeClosed(1, count).mapToObj(id -> new Agent(id, "Bench Agent " + id,
                    "agent" + id + "@bench.example", "ONLINE", 20, 5, true, AT)).toList());
        }
    }
}
