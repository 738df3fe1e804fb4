package io.shoplens.serve;

import java.util.Locale;

/**
 * What an API key may do. Roles are ordered: {@link #READ} &lt; {@link #INGEST} &lt; {@link #ADMIN}, and a key may
 * call every endpoint whose required role is at or below its own.
 */
public enum Role implements io.javalin.security.RouteRole {
    /** Read recommendations, analytics, forecasts and the model list. */
    READ,
    /** Also post events. */
    INGEST,
    /** Also reload and retrain models. */
    ADMIN;

    /** Whether a key with this role may call an endpoint that requires {@code required}. */
    public boolean allows(Role required) {
        return ordinal() >= required.ordinal();
    }

    /** The role named {@code text} (read, ingest, admin; case ignored); fails with a sentence otherwise. */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' is not one of read, ingest, admin");
    }

    /** The lower-case name used in key files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
