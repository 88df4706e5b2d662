package dev.gathering.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vectors as stored (float32 little-endian in a bytea) and normalized (so that cosine similarity is a dot product). */
final class Vectors {

    private Vectors() {
    }

    static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    static float[] fromBytes(byte[] bytes) {
        float[] vector = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }

    /** A unit-length copy (the zero vector stays zero). */
    static float[] normalize(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += value * value;
        }
        float[] unit = vector.clone();
        if (sum > 0) {
            float scale = (float) (1 / Math.sqrt(sum));
            for (int i = 0; i < unit.length; i++) {
                unit[i] *= scale;
            }
        }
        return unit;
    }

    /** Writes vectors as rows of {@code sql} (parameters: owner id, model, dimension, bytes), in one batch. */
    static void insertRows(org.springframework.jdbc.core.JdbcTemplate template, String sql, java.util.List<Long> ids,
                           String model, java.util.List<float[]> vectors) {
        template.batchUpdate(sql, new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
            @Override
            public void setValues(java.sql.PreparedStatement statement, int i) throws java.sql.SQLException {
                statement.setLong(1, ids.get(i));
                statement.setString(2, model);
                statement.setInt(3, vectors.get(i).length);
                statement.setBytes(4, toBytes(vectors.get(i)));
            }

            @Override
            public int getBatchSize() {
                return ids.size();
            }
        });
    }
}
