package io.helpdeskinbox.agent;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import lombok.AccessLevel;
import lombok.Getter;
import lombok.NoArgsConstructor;
import org.hibernate.annotations.Immutable;

/**
 * A team as other modules see it: its id and name, what a conversation that belongs to it shows. Read
 * only: teams are created and changed by this module's team service, in SQL.
 */
@Entity
@Table(name = "team")
@Immutable
@Getter
@NoArgsConstructor(access = AccessLevel.PROTECTED)
public class Team {

    @Id
    private Long id;

    private String name;
}
