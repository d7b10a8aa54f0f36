package io.helpdeskinbox.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A request field that is well-formed on its own but wrong in combination with others (400). */
public class FieldRejectedException extends ErrorResponseException {

    public FieldRejectedException(String field, String message) {
        super(HttpStatus.BAD_REQUEST, ProblemResponses.invalid("The request has an invalid field.",
                List.of(new ProblemResponses.FieldProblem(field, message))), null);
    }
}
