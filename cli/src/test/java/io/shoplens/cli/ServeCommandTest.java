package io.shoplens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.serve.ApiKeys;
import io.shoplens.serve.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
    @Test
    void makeKeyPrintsAKeyWhoseLineAuthenticatesIt() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new String[] {"serve", "--make-key", "dash", "read"}, new PrintWriter(out),
                new PrintWriter(err)), err.toString());
        String key = null;
        String line = null;
        for (String l : out.toString().split("\n")) {
            if (l.startsWith("key:")) {
                key = l.substring(4).strip();
            } else if (l.startsWith("line:")) {
                line = l.substring(5).strip();
            }
        }
        ApiKeys keys = ApiKeys.parse(List.of(line), "printed line");
        assertEquals(new ApiKeys.Principal("dash", Role.READ), keys.authenticate(key));
        assertEquals(null, keys.authenticate(key + "x"));
        assertTrue(line.startsWith("dash read "), line);
    }

    @Test
    void aBadRoleIsOneLineOfInputError() {
        StringWriter err = new StringWriter();
        assertEquals(Main.BAD_INPUT, Main.run(new String[] {"serve", "--make-key", "dash", "root"},
                new PrintWriter(new StringWriter()), new PrintWriter(err)));
        assertTrue(err.toString().contains("role 'root' is not one of read, ingest, admin"), err.toString());
    }
}
