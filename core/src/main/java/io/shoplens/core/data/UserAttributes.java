package io.shoplens.core.data;

import java.util.Arrays;

/**
 * Optional user attributes by dense user index: age band (e.g. {@code 25-34}), gender ({@code f}, {@code m},
 * {@code u}) and region; {@code null} where unknown. Immutable and thread-safe.
 */
public final class UserAttributes {
    private final String[] ageBand;
    private final String[] gender;
    private final String[] region;
    private final int listed;

    private UserAttributes(String[] ageBand, String[] gender, String[] region, int listed) {
        this.ageBand = ageBand;
        this.gender = gender;
        this.region = region;
        this.listed = listed;
    }

    /** No attributes for {@code numUsers} users. */
    public static UserAttributes empty(int numUsers) {
        return new UserAttributes(new String[numUsers], new String[numUsers], new String[numUsers], 0);
    }

    /** Number of users in the id space. */
    public int size() {
        return ageBand.length;
    }

    /** Number of users listed in the attributes file. */
    public int listed() {
        return listed;
    }

    /** Age band of user {@code u}, or null. */
    public String ageBand(int u) {
        return ageBand[u];
    }

    /** Gender of user {@code u}, or null. */
    public String gender(int u) {
        return gender[u];
    }

    /** Region of user {@code u}, or null. */
    public String region(int u) {
        return region[u];
    }

    /** Collects attribute rows, then sizes the table to the final user id space. Not thread-safe. */
    public static final class Builder {
        private String[] ageBand = new String[1024];
        private String[] gender = new String[1024];
        private String[] region = new String[1024];
        private int maxIndex = -1;
        private int listed;

        /** Sets the attributes of user index {@code u}; nulls mean unknown. */
        public void set(int u, String userAgeBand, String userGender, String userRegion) {
            if (u >= ageBand.length) {
                int n = Math.max(u + 1, ageBand.length * 2);
                ageBand = Arrays.copyOf(ageBand, n);
                gender = Arrays.copyOf(gender, n);
                region = Arrays.copyOf(region, n);
            }
            ageBand[u] = userAgeBand;
            gender[u] = userGender;
            region[u] = userRegion;
            maxIndex = Math.max(maxIndex, u);
            listed++;
        }

        /** The table over {@code numUsers} users (at least every index set). */
        public UserAttributes build(int numUsers) {
            if (numUsers <= maxIndex) {
                throw new IllegalArgumentException("attributes name user index " + maxIndex + " but only "
                        + numUsers + " users exist");
            }
            return new UserAttributes(Arrays.copyOf(ageBand, numUsers), Arrays.copyOf(gender, numUsers),
                    Arrays.copyOf(region, numUsers), listed);
        }
    }
}
