package io.helpdeskinbox.web;

/** A request field that is well-formed on its own but wrong in combination with others (400). */
public class FieldRejectedException extends RuntimeException {

    private final String field;

    public FieldRejectedException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
