package io.helpdeskinbox.agent.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Teams over HTTP: every role reads them, the admin manages them (see the security configuration). */
@Tag(name = "Teams")
@RestController
@RequestMapping(path = "/api/v1/teams", produces = MediaType.APPLICATION_JSON_VALUE)
class TeamController {

    private final TeamService teams;

    TeamController(TeamService teams) {
        this.teams = teams;
    }

    @Operation(operationId = "createTeam",
            summary = "Create a team",
            description = "Its own auto-assignment settings where given; absent or null = the global setting.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "201", description = "Created", useReturnTypeSchema = true,
            headers = @Header(name = "Location", required = true, description = "The team's URL",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @PostMapping
    ResponseEntity<TeamResponse> create(@Valid @RequestBody CreateTeamRequest request) {
        TeamResponse created = teams.create(request);
        return ResponseEntity.created(URI.create("/api/v1/teams/" + created.id())).body(created);
    }

    @Operation(operationId = "listTeams",
            summary = "List teams with their members",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping
    TeamListResponse list() {
        return new TeamListResponse(teams.list());
    }

    @Operation(operationId = "getTeam",
            summary = "Read a team",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN", "AGENT", "INTEGRATION"}))
    @GetMapping("/{teamId}")
    TeamResponse get(@PathVariable long teamId) {
        return teams.get(teamId);
    }

    @Operation(operationId = "updateTeam",
            summary = "Change a team's name, description or settings",
            description = "A JSON merge patch: absent fields stay as they are; a setting set to null is the global "
                    + "one again.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @PatchMapping(path = "/{teamId}", consumes = {"application/merge-patch+json", "application/json"})
    TeamResponse update(@PathVariable long teamId, @Valid @RequestBody UpdateTeamRequest patch) {
        return teams.update(teamId, patch);
    }

    @Operation(operationId = "deleteTeam",
            summary = "Delete a team",
            description = "Its memberships go with it; its agents stay; its conversations go to the global queue, "
                    + "each with a conversation.routed event (reason TEAM_DELETED).",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "204", description = "Deleted")
    @DeleteMapping("/{teamId}")
    ResponseEntity<Void> delete(@PathVariable long teamId) {
        teams.delete(teamId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "addTeamMember",
            summary = "Make an agent a member of a team",
            description = "An agent may be in several teams. A member already stays one.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "204", description = "A member")
    @PutMapping("/{teamId}/members/{agentId}")
    ResponseEntity<Void> addMember(@PathVariable long teamId, @PathVariable long agentId) {
        teams.addMember(teamId, agentId);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "removeTeamMember",
            summary = "Take an agent out of a team",
            description = "Whether it was a member or not, it is none now.",
            security = @SecurityRequirement(name = "bearer", scopes = {"ADMIN"}))
    @ApiResponse(responseCode = "204", description = "Not a member")
    @DeleteMapping("/{teamId}/members/{agentId}")
    ResponseEntity<Void> removeMember(@PathVariable long teamId, @PathVariable long agentId) {
        teams.removeMember(teamId, agentId);
        return ResponseEntity.noContent().build();
    }
}
