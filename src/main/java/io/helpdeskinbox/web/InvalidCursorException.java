package io.helpdeskinbox.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A cursor that this API did not issue for this list (400). */
public class InvalidCursorException extends ErrorResponseException {

    public InvalidCursorException() {
        super(HttpStatus.BAD_REQUEST, ProblemResponses.invalid(
                "The cursor is not one this list issued; start again without it.",
                List.of(new ProblemResponses.FieldProblem("cursor", "is not a cursor this list issued"))), null);
    }
}
