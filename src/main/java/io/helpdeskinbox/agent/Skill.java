package io.helpdeskinbox.agent;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A skill: a short lowercase label, a language such as {@code es} or a product such as
 * {@code billing}. Agents hold skills, conversations require them; routing compares them as they
 * are written, so the form is strict instead of normalised. {@link Skills} keeps a list of them.
 */
@Documented
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@NotNull
@Pattern(regexp = Skill.FORM)
@ReportAsSingleViolation
public @interface Skill {

    /** 1 to 32 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit. */
    String FORM = "[a-z0-9][a-z0-9._-]{0,31}";

    /** At most this many on an agent or a conversation. */
    int MOST = 20;

    String message() default "must be a lowercase label of at most 32 characters (a-z, 0-9, '.', '_', '-')";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
