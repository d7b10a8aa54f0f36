package io.helpdeskinbox.routing.internal;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

interface AssignmentSettingsRepository extends Repository<AssignmentSettings, Short> {

    @Query("select s from AssignmentSettings s where s.id = 1")
    AssignmentSettings current();

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from AssignmentSettings s where s.id = 1")
    AssignmentSettings currentForUpdate();
}
