package io.shoplens.serve;

import static io.shoplens.serve.Requests.JSON_TYPE;
import static io.shoplens.serve.Requests.abbreviate;
import static io.shoplens.serve.Requests.allowOnly;
import static io.shoplens.serve.Requests.id;
import static io.shoplens.serve.Requests.intParam;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.shoplens.analytics.Query;
import io.shoplens.analytics.ResultTable;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Set;

/**
 * The read routes about the shop as a whole, computed when the server starts: analytics tables, the purchases
 * forecast, user profiles and purchase propensity, segments and ad audiences.
 */
final class InsightRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TABLE_PARAMS = Set.of("limit");
    private static final Set<String> AUDIENCE_PARAMS = Set.of("category", "budget", "method");

    private final Insights insights;
    private final ProfileService profiles;

    InsightRoutes(Insights insights, ProfileService profiles) {
        this.insights = insights;
        this.profiles = profiles;
    }

    /** {@code GET /v1/analytics}: the tables with their row counts and descriptions. */
    void analyticsList(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ObjectNode o = JSON.createObjectNode();
        if (insights.analyticsNote() != null) {
            o.put("note", insights.analyticsNote());
        }
        ArrayNode arr = o.putArray("tables");
        for (ResultTable t : insights.tables().values()) {
            arr.addObject().put("name", t.name()).put("rows", t.size())
                    .put("description", Query.byTable(t.name()).description());
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    /** {@code GET /v1/analytics/{table}}: columns and up to {@code limit} rows. */
    void analyticsTable(Context ctx) throws IOException {
        allowOnly(ctx, TABLE_PARAMS);
        String name = ctx.pathParam("table");
        int limit = intParam(ctx, "limit", 1_000, 1, 10_000);
        ResultTable t = insights.tables().get(name);
        if (t == null) {
            throw ApiError.notFound("table", "no analytics table '" + abbreviate(name) + "'"
                    + (insights.analyticsNote() != null ? " (" + insights.analyticsNote() + ")"
                    : "; tables: " + String.join(", ", insights.tables().keySet())));
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("name", t.name());
        o.put("description", Query.byTable(t.name()).description());
        o.put("rows", t.size());
        ArrayNode cols = o.putArray("columns");
        t.columns().forEach(c -> cols.add(c.name()));
        ArrayNode rows = o.putArray("data");
        for (int i = 0; i < Math.min(limit, t.size()); i++) {
            ArrayNode row = rows.addArray();
            for (Object v : t.rows().get(i)) {
                row.add(JSON.valueToTree(v instanceof LocalDate d ? d.toString() : v));
            }
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(o));
    }

    /** {@code GET /v1/forecast}. */
    void forecast(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        if (insights.forecast() == null) {
            throw ApiError.notFound(null, "no forecast: " + insights.forecastNote());
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(insights.forecast()));
    }

    /** {@code GET /v1/users/{user}/profile}. */
    void profile(Context ctx) {
        allowOnly(ctx, Set.of());
        ctx.contentType(JSON_TYPE).result(profiles.profile(id(ctx.pathParam("user"), "user")));
    }

    /** {@code GET /v1/users/{user}/propensity}. */
    void propensity(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(profiles.propensity(id(ctx.pathParam("user"),
                "user"))));
    }

    /** {@code GET /v1/segments}. */
    void segments(Context ctx) throws IOException {
        allowOnly(ctx, Set.of());
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(profiles.segments()));
    }

    /** {@code GET /v1/audiences?category=C&budget=N[&method=M]}. */
    void audiences(Context ctx) throws IOException {
        allowOnly(ctx, AUDIENCE_PARAMS);
        String category = ctx.queryParam("category");
        if (category == null) {
            throw ApiError.badField("category", "category is required (a category id of the served log)");
        }
        id(category, "category");
        if (ctx.queryParam("budget") == null) {
            throw ApiError.badField("budget", "budget is required (the audience size in users)");
        }
        String method = ctx.queryParam("method") == null ? "propensity" : ctx.queryParam("method");
        if (!ProfileService.METHODS.contains(method)) {
            throw ApiError.badField("method", "method '" + abbreviate(method) + "' is not one of "
                    + String.join(", ", ProfileService.METHODS));
        }
        int budget = intParam(ctx, "budget", 0, 1, profiles.users());
        if (!profiles.knownCategory(category)) {
            throw ApiError.notFound("category", "category '" + abbreviate(category) + "' does not occur in the "
                    + "served log");
        }
        ctx.contentType(JSON_TYPE).result(JSON.writeValueAsBytes(profiles.audience(category, budget, method)));
    }
}
