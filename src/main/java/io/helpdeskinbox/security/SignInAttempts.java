package io.helpdeskinbox.security;

/**
 * Failed sign-ins counted per account, over every instance (the address they come from is counted
 * by the security chain itself, as a refused token is). An account out of attempts is refused, right
 * password or not, until its bucket refills: guessing one person's password from many addresses
 * gets no further than from one.
 */
public interface SignInAttempts {

    /**
     * @throws org.springframework.web.ErrorResponseException 429 with Retry-After and the RateLimit
     *     headers, when the account is out of attempts for now
     */
    void check(String email);

    /** Counts a failed sign-in against the account. */
    void failed(String email);
}
