package io.tunnelwatch.correlation;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Estimates the heap an object graph takes on a 64-bit JVM with compressed oops (12-byte object
 * header, 16-byte array header, 4-byte references, 8-byte alignment). Enum constants and strings
 * are not counted: they are shared (the adapter interns the few agent ids).
 */
final class HeapFootprint {
    private final Map<Object, Boolean> seen = new IdentityHashMap<>();

    private HeapFootprint() {
    }

    static long of(Object root) {
        return new HeapFootprint().measure(root);
    }

    private long measure(Object object) {
        if (object == null || object instanceof Enum<?> || object instanceof String || seen.put(object, true) != null) {
            return 0;
        }
        Class<?> type = object.getClass();
        if (type.isArray()) {
            int length = Array.getLength(object);
            Class<?> element = type.getComponentType();
            long size = align(16 + (long) length * width(element));
            if (!element.isPrimitive()) {
                for (int i = 0; i < length; i++) {
                    size += measure(Array.get(object, i));
                }
            }
            return size;
        }
        long shallow = 12;
        long deep = 0;
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                shallow += width(field.getType());
                if (!field.getType().isPrimitive()) {
                    field.setAccessible(true);
                    try {
                        deep += measure(field.get(object));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return align(shallow) + deep;
    }

    private static int width(Class<?> type) {
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        if (type == byte.class || type == boolean.class) {
            return 1;
        }
        return 4;
    }

    private static long align(long size) {
        return (size + 7) / 8 * 8;
    }
}
