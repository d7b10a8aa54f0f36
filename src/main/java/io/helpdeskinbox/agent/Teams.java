package io.helpdeskinbox.agent;

import java.util.Optional;
import org.springframework.data.repository.Repository;

/** Teams by id, for the modules that put a conversation in one. */
public interface Teams extends Repository<Team, Long> {

    Optional<Team> findById(long teamId);

    /** The team a request body names: it must exist (422 otherwise). */
    default Team existing(long teamId) {
        return findById(teamId).orElseThrow(() -> new UnknownTeamException(teamId));
    }
}
