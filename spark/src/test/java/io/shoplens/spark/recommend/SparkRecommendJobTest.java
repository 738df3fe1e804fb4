package io.shoplens.spark.recommend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shoplens.core.data.Dataset;
import io.shoplens.core.data.InteractionStore;
import io.shoplens.core.io.DatasetLoader;
import io.shoplens.core.io.EventFormat;
import io.shoplens.core.io.LoadOptions;
import io.shoplens.core.model.ScoredItem;
import io.shoplens.core.model.TrainingData;
import io.shoplens.core.synth.GeneratorConfig;
import io.shoplens.core.synth.SyntheticLogGenerator;
import io.shoplens.recommend.common.Weighting;
import io.shoplens.recommend.precomputed.PrecomputedModel;
import io.shoplens.recommend.precomputed.PrecomputedParams;
import io.shoplens.recommend.precomputed.PrecomputedTrainer;
import io.shoplens.spark.LocalCluster;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkRecommendJob} as on a real deployment: the log is on an in-process HDFS ({@link MiniDFSCluster}, one
 * name node and one data node on loopback, all their folders under the test's temporary folder), the job runs on a
 * two-worker standalone cluster ({@link LocalCluster}) reading {@code hdfs://} and writing {@code hdfs://}; the
 * lists are copied back and imported as a {@code precomputed} model, whose answers are checked against the log:
 * no seen item in any list, lists of {@code k}, and co-occurrence neighbours equal to a brute-force cosine.
 */
class SparkRecommendJobTest {
    private static final int K = 10;
    private static final int NEIGHBOURS = 5;

    @TempDir
    static Path dir;
    static LocalCluster cluster;
    static MiniDFSCluster hdfs;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        Path base = dir.resolve("hdfs");
        conf.set("hadoop.tmp.dir", base.resolve("tmp").toString());
        conf.set("dfs.namenode.rpc-address", "127.0.0.1:0");
        conf.set("dfs.namenode.http-address", "127.0.0.1:0");
        conf.set("dfs.datanode.address", "127.0.0.1:0");
        conf.set("dfs.datanode.http.address", "127.0.0.1:0");
        conf.set("dfs.datanode.ipc.address", "127.0.0.1:0");
        hdfs = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).format(true).build();
        hdfs.waitActive();
        cluster = LocalCluster.start(dir.resolve("spark"), 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void listsFromHdfsOnAClusterServeAsAPrecomputedModel() throws Exception {
        Path log = dir.resolve("events.csv.gz");
        new SyntheticLogGenerator(2).generate(GeneratorConfig.small(6_000, 150, 300, 20, 9, 5), log, null, null,
                null, n -> { });
        FileSystem fs = hdfs.getFileSystem();
        String root = fs.getUri() + "/shop";
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(log.toUri()),
                new org.apache.hadoop.fs.Path(root + "/events.csv.gz"));

        SparkSession spark = cluster.session();
        SparkAlsParams als = new SparkAlsParams(8, 5, 0.1, 10, 7, cluster.master(), 2, SparkAlsParams.ALWAYS,
                Weighting.binary());
        long t0 = System.nanoTime();
        SparkRecommendJob.Result r = SparkRecommendJob.run(spark, new SparkRecommendJob.Options(
                root + "/events.csv.gz", root + "/recs", K, NEIGHBOURS, 500, 1_000, als));
        System.out.printf(Locale.ROOT, "spark recommend on the test log: %.1f s (%s)%n",
                (System.nanoTime() - t0) / 1e9, r);
        assertEquals(2, spark.sparkContext().getExecutorMemoryStatus().size() - 1, "executors besides the driver");
        assertEquals(6_000, r.events());
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(root + "/recs/user-recs/_SUCCESS")));

        Path local = dir.resolve("recs");
        fs.copyToLocalFile(new org.apache.hadoop.fs.Path(root + "/recs"), new org.apache.hadoop.fs.Path(local.toUri()));
        Dataset data = DatasetLoader.load(DatasetLoader.Source.events(log, EventFormat.TAOBAO),
                LoadOptions.defaults(dir.resolve("quarantine")));
        InteractionStore s = data.events();
        TrainingData td = new TrainingData(s, data.catalog(), "test-log");
        PrecomputedModel m = new PrecomputedTrainer(PrecomputedParams.from(Map.of("lists", local.toString())))
                .train(td);
        assertEquals(r.computedAt(), m.provenance().trainedAt());
        assertEquals("8", m.provenance().params().get("spark.als.rank"));
        assertEquals(s.numUsers(), r.users(), "every user of the log has a list");
        long pairs = 0;
        for (int u = 0; u < s.numUsers(); u++) {
            pairs += s.history(u).distinctItems().length;
        }
        assertEquals(pairs, r.pairs());

        int full = 0;
        for (int u = 0; u < s.numUsers(); u++) {
            List<ScoredItem> list = m.list(u);
            Set<Integer> seen = new HashSet<>();
            for (int i : s.history(u).items()) {
                seen.add(i);
            }
            for (int q = 0; q < list.size(); q++) {
                assertFalse(seen.contains(list.get(q).item()), "user " + u + " is recommended seen item "
                        + list.get(q).item());
                assertTrue(q == 0 || list.get(q - 1).score() >= list.get(q).score(), "list of " + u + " is sorted");
            }
            full += list.size() == K ? 1 : 0;
            assertEquals(list.subList(0, Math.min(3, list.size())), m.recommend(s.history(u), 3, i -> false));
        }
        assertEquals(s.numUsers() - r.shortLists(), full);
        assertTrue(full > s.numUsers() * 9 / 10, full + " of " + s.numUsers() + " lists are full");

        Map<Long, Float> cosine = cooccurrence(s);
        int checked = 0;
        for (int i = 0; i < s.numItems(); i++) {
            for (ScoredItem n : m.similarItems(i, NEIGHBOURS)) {
                assertTrue(n.item() != i);
                assertEquals(cosine.get(((long) i << 32) | n.item()), n.score(), 1e-5, "cosine of " + i + ", "
                        + n.item());
                checked++;
            }
        }
        assertTrue(checked > s.numItems(), checked + " neighbours checked");
        PrecomputedModel byAls = new PrecomputedTrainer(PrecomputedParams.from(Map.of("lists", local.toString(),
                "neighbours", "als"))).train(td);
        int item = s.items().indexOf(Long.parseLong(s.items().externalId(0)));
        List<ScoredItem> nb = byAls.similarItems(item, NEIGHBOURS);
        assertEquals(NEIGHBOURS, nb.size());
        for (ScoredItem n : nb) {
            assertTrue(n.item() != item && n.score() <= 1.0001f && n.score() >= -1.0001f, n.toString());
        }
    }

    /** Cosine of co-occurrence over users for every co-occurring pair {@code (i << 32) | j}. */
    static Map<Long, Float> cooccurrence(InteractionStore s) {
        Map<Long, Integer> counts = new HashMap<>();
        int[] n = new int[s.numItems()];
        for (int u = 0; u < s.numUsers(); u++) {
            int[] items = s.history(u).distinctItems();
            for (int a : items) {
                n[a]++;
                for (int b : items) {
                    if (a != b) {
                        counts.merge(((long) a << 32) | b, 1, Integer::sum);
                    }
                }
            }
        }
        Map<Long, Float> cos = new HashMap<>();
        counts.forEach((key, c) -> cos.put(key, (float) (c / Math.sqrt((double) n[(int) (key >>> 32)]
                * n[(int) (long) key]))));
        return cos;
    }
}
