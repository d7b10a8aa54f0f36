package io.helpdeskinbox.web;

/** A cursor that this API did not issue for this list (400). */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException() {
        super("The cursor is not one this list issued; start again without it.");
    }
}
