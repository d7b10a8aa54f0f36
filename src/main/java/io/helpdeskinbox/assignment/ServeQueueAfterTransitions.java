package io.helpdeskinbox.assignment;

import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Wraps every call into {@link AssignmentService}, outside its transaction: once a transition that
 * freed room has committed and given its connection back, the queue is served in a transaction of
 * its own (see {@link AutoAssigner#drainAfterCommit()}). Doing it in the transaction's own
 * after-commit callback would need a second pooled connection while holding the first, which under
 * load exhausts the pool.
 */
@Aspect
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ServeQueueAfterTransitions {

    private final AutoAssigner autoAssigner;

    ServeQueueAfterTransitions(AutoAssigner autoAssigner) {
        this.autoAssigner = autoAssigner;
    }

    @Around("execution(public * io.helpdeskinbox.assignment.AssignmentService.*(..))")
    Object serveQueueAfterwards(ProceedingJoinPoint transition) throws Throwable {
        try {
            return transition.proceed();
        } finally {
            autoAssigner.drainIfRequested();
        }
    }
}
