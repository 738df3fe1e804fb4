package io.shoplens.serve;

/**
 * Runs the server from {@code --name value} arguments (see {@link ServeOptions#parse}) until the process is
 * stopped; the CLI's {@code shoplens serve} is the usual way in, this entry point is for child-process tests
 * and scripts.
 */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) {
        ShoplensServer server = ShoplensServer.start(ServeOptions.parse(args));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "serve-shutdown"));
        System.out.println("listening on port " + server.port());
        System.out.flush();
    }
}
