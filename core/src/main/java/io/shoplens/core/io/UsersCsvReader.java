package io.shoplens.core.io;

/**
 * The user attributes CSV: a header naming the columns; required {@code user}, optional {@code age_band},
 * {@code gender} and {@code region}; other columns are ignored.
 */
public final class UsersCsvReader extends LineReader<UsersCsvReader.Sink> {
    /** Receives valid user rows; may reject a row (e.g. a duplicate) with a reason. */
    public interface Sink {
        /** One user; attributes may be null. */
        void user(String user, String ageBand, String gender, String region) throws BadRowException;
    }

    private final Fields f = Fields.delimited(',', true);
    private int cUser;
    private int cAge;
    private int cGender;
    private int cRegion;
    private int columns;

    public UsersCsvReader() {
        super("users", 0.01);
    }

    @Override
    boolean hasHeader() {
        return true;
    }

    @Override
    void readHeader(LineSource line) {
        Header h = Header.of(line, f);
        cUser = h.require("user", "user_id");
        cAge = h.optional("age_band", "age");
        cGender = h.optional("gender");
        cRegion = h.optional("region", "city", "province");
        columns = h.size();
    }

    @Override
    void parseRow(LineSource line, Sink sink, long ordinal) throws BadRowException {
        f.splitExactly(line.buffer(), line.start(), line.end(), columns);
        String user = f.string(cUser);
        if (user.isEmpty()) {
            throw new BadRowException("user is empty");
        }
        sink.user(user, f.optionalString(cAge), f.optionalString(cGender), f.optionalString(cRegion));
    }
}
