package io.shoplens.predict.tabular;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a tabular model predicts from what: the task, the number of classes and the feature names. Every tabular
 * model file starts its payload with it.
 *
 * @param task         the task
 * @param numClasses   number of classes (2 binary, 1 regression)
 * @param featureNames the columns, in order
 */
public record Schema(Task task, int numClasses, List<String> featureNames) {
    public Schema {
        featureNames = List.copyOf(featureNames);
    }

    static Schema of(Table t) {
        return new Schema(t.task(), t.numClasses(), t.featureNames());
    }

    void write(DataOutputStream out) throws IOException {
        out.writeUTF(task.name());
        out.writeInt(numClasses);
        out.writeInt(featureNames.size());
        for (String n : featureNames) {
            out.writeUTF(n);
        }
    }

    static Schema read(DataInputStream in) throws IOException {
        Task task;
        try {
            task = Task.valueOf(in.readUTF());
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt model: unknown task", e);
        }
        int k = in.readInt();
        int d = in.readInt();
        if (k < 1 || d < 1 || d > 10_000_000) {
            throw new IOException("corrupt model: " + k + " classes, " + d + " features");
        }
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add(in.readUTF());
        }
        return new Schema(task, k, names);
    }
}
