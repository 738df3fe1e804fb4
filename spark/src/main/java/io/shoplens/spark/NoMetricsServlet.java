package io.shoplens.spark;

import com.codahale.metrics.MetricRegistry;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.metrics.sink.MetricsServlet;
import org.sparkproject.jetty.servlet.ServletContextHandler;

/**
 * The driver's metrics servlet sink without a servlet: Spark's default {@code MetricsServlet} builds a Jetty
 * handler at every SparkContext start even with the web UI off, and that handler needs Servlet 5's
 * {@code jakarta.servlet.SingleThreadModel}, which the Servlet 6 API of the HTTP server ({@code shoplens serve},
 * in the same class path as the CLI) no longer has. With the UI off the handler would never be reachable, so
 * {@link SparkSessions} puts this sink in its place for the driver ({@code spark.metrics.conf.driver.sink.servlet
 * .class}); executors keep Spark's default. Metrics still flow to every other configured sink.
 */
public final class NoMetricsServlet extends MetricsServlet {
    /** The constructor Spark's metrics system calls reflectively. */
    public NoMetricsServlet(Properties property, MetricRegistry registry) {
        super(property, registry);
    }

    /** No handler: nothing to attach to the (disabled) web UI. */
    @Override
    public ServletContextHandler[] getHandlers(SparkConf conf) {
        return new ServletContextHandler[0];
    }
}
