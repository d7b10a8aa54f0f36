package io.helpdeskinbox.demo.internal;

import io.helpdeskinbox.agent.AgentResponse;
import io.helpdeskinbox.agent.AgentService;
import io.helpdeskinbox.agent.Availability;
import io.helpdeskinbox.agent.CreateAgentRequest;
import io.helpdeskinbox.assignment.AssignmentService;
import io.helpdeskinbox.assignment.ConversationMessages;
import io.helpdeskinbox.conversation.ConversationIntake;
import io.helpdeskinbox.conversation.CreateConversationRequest;
import io.helpdeskinbox.conversation.ExpectedVersion;
import io.helpdeskinbox.conversation.MessageAuthor;
import io.helpdeskinbox.signin.InvitationLinks;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * A small inbox to look at ({@code INBOX_DEMO=true}): four agents, one per availability and two
 * ONLINE with little room, and conversations in every folder, with messages. Waiting visitors
 * outnumber the ONLINE agents' room, so the auto-assignment fills them and the rest stay in
 * Unassigned. Everything goes through the same transitions as the API, so counters, timelines and
 * events are what they would be. Seeded once: a start that finds the demo agents only prints a new
 * sign-in link for the first of them.
 */
@Component
@ConditionalOnBooleanProperty("inbox.demo")
class DemoData implements ApplicationRunner {

    static final String EMAIL_DOMAIN = "@demo.helpdesk-inbox.example";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final AgentService agents;
    private final ConversationIntake intake;
    private final AssignmentService assignments;
    private final ConversationMessages messages;
    private final InvitationLinks invitations;
    private final Environment environment;

    DemoData(AgentService agents, ConversationIntake intake, AssignmentService assignments,
            ConversationMessages messages, InvitationLinks invitations, Environment environment) {
        this.agents = agents;
        this.intake = intake;
        this.assignments = assignments;
        this.messages = messages;
        this.invitations = invitations;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        List<AgentResponse> demoAgents = agents.list(null, false).stream()
                .filter(agent -> agent.email().endsWith(EMAIL_DOMAIN)).toList();
        if (!demoAgents.isEmpty()) {
            log.info("Demo data already there; not seeding it again");
            printSignInLink(demoAgents.get(0));
            return;
        }
        long ana = agent("Ana García", "ana", 2, Availability.ONLINE);
        long ben = agent("Ben Okafor", "ben", 1, Availability.ONLINE);
        long chen = agent("Chen Wei", "chen", 4, Availability.BUSY);
        long dana = agent("Dana Novak", "dana", 3, Availability.OFFLINE);

        // archived: handled by hand, answered, done
        for (String visitor : List.of("Marta Ruiz", "Tom Becker")) {
            long id = conversation(visitor, "Where is my order?", false);
            assignments.assign(id, dana, ExpectedVersion.ANY);
            messages.post(id, MessageAuthor.AGENT, dana, "It left our warehouse this morning; here is the tracking link.");
            assignments.archive(id, ExpectedVersion.ANY);
        }
        // assigned by hand to an agent who is BUSY now (anyone can be assigned by hand)
        for (String visitor : List.of("Lena Fischer", "Omar Haddad")) {
            long id = conversation(visitor, "Can I change the billing address on an invoice?", false);
            assignments.assign(id, chen, ExpectedVersion.ANY);
            messages.post(id, MessageAuthor.AGENT, chen, "Yes: send me the new address and I will reissue it.");
        }
        // a bot still talking: in Unassigned, not waiting for an agent
        conversation("Sofia Rossi", "Opening hours?", false);
        // waiting for an agent: Ana and Ben have room for three, the other two wait in the queue
        for (String visitor : List.of("Jonas Berg", "Aiko Tanaka", "Pedro Alves", "Nina Kowalski", "Liam Walsh")) {
            conversation(visitor, "I would like to talk to a person, please.", true);
        }
        log.info("Seeded demo data: agents {}, {}, {}, {} and 10 conversations in every folder", ana, ben, chen, dana);
        printSignInLink(agents.get(ana));
    }

    /**
     * A link through which a person sets the demo agent's password and signs in as it: printed at
     * every start (a new link replaces the last), so whoever runs the demo signs in as a person does.
     */
    private void printSignInLink(AgentResponse agent) {
        URI console = URI.create(environment.getProperty("inbox.sign-in.console-url",
                "http://localhost:" + environment.getProperty("local.server.port", "8080") + "/"));
        InvitationLinks.InvitationLink link = invitations.invite(agent.id(), console);
        log.info("Sign in as the demo agent {} ({}): open {} and set a password (the link works once, until {})",
                agent.name(), agent.email(), link.url(), link.expiresAt());
    }

    private long agent(String name, String login, int capacity, Availability availability) {
        AgentResponse agent = agents.create(new CreateAgentRequest(name, login + EMAIL_DOMAIN, capacity)).agent();
        agents.changeAvailability(agent.id(), availability);
        return agent.id();
    }

    private long conversation(String visitor, String message, boolean waitingForAgent) {
        return intake.create(new CreateConversationRequest(
                        new CreateConversationRequest.VisitorRequest(visitor, null, null), "web", null, message,
                        waitingForAgent, null, null, null), null)
                .conversation().id();
    }
}
