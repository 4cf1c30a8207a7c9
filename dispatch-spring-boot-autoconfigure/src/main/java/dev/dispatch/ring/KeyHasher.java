/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.dispatch.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.List;
import java.util.RandomAccess;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Stable 64-bit hashing of routing keys.
 * <p>
 * The hash of a key depends only on its value, never on {@link Object#hashCode()} or
 * object identity, so it is the same on every JVM, run and machine. Supported keys are
 * {@link String Strings}, integral numbers ({@link Byte}, {@link Short}, {@link Integer},
 * {@link Long}, {@link AtomicInteger}, {@link AtomicLong} and {@link BigInteger}),
 * floating-point numbers ({@link Float} and {@link Double}), {@link BigDecimal},
 * {@link UUID}, {@code byte[]}, {@link Enum enums} (hashed by name), and {@link List
 * Lists} and records whose elements and components are themselves supported keys. Each
 * kind of key is hashed with its own type tag, so that, for example, the string
 * {@code "1"} and the number {@code 1} are different keys, while numbers that are equal
 * in value are the same key ({@code 1}, {@code 1L} and {@code BigInteger.ONE};
 * {@code 1.5f} and {@code 1.5d}; {@code 1.0} and {@code 1.00} as {@code BigDecimal}).
 * <p>
 * Strings, boxed numbers (other than {@code BigInteger} outside the range of a
 * {@code long} and {@code BigDecimal}), UUIDs, byte arrays and enums are hashed without
 * allocating.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class KeyHasher {

	private static final String SUPPORTED_TYPES = "a key must be a String, Number, UUID, byte[], enum, "
			+ "or a List or record of these";

	private static final String SUPPORTED_NUMBER_TYPES = "a Number key must be a Byte, Short, Integer, Long, "
			+ "AtomicInteger, AtomicLong, BigInteger, Float, Double or BigDecimal";

	private static final int MAX_DEPTH = 64;

	/**
	 * The most characters of a string, bytes of a {@code byte[]}, or elements of a
	 * {@code List} that a key, or any part of it, may have.
	 */
	public static final int MAX_KEY_LENGTH = 1024;

	private static final long SEED = 0x243F6A8885A308D3L;

	private static final long C1 = 0x87C37B91114253D5L;

	private static final long C2 = 0x4CF5AD432745937FL;

	private static final long TAG_STRING = 1;

	private static final long TAG_INTEGRAL = 2;

	private static final long TAG_BIG_INTEGER = 3;

	private static final long TAG_FLOATING = 4;

	private static final long TAG_DECIMAL = 5;

	private static final long TAG_UUID = 6;

	private static final long TAG_BYTES = 7;

	private static final long TAG_ENUM = 8;

	private static final long TAG_LIST = 9;

	private static final long TAG_RECORD = 10;

	private static final Object[] NO_ARGUMENTS = {};

	private static final VarHandle LITTLE_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final ClassValue<Method[]> RECORD_ACCESSORS = new ClassValue<>() {

		@Override
		protected Method[] computeValue(Class<?> type) {
			RecordComponent[] components = type.getRecordComponents();
			Method[] accessors = new Method[components.length];
			for (int i = 0; i < components.length; i++) {
				Method accessor = components[i].getAccessor();
				accessor.trySetAccessible();
				accessors[i] = accessor;
			}
			return accessors;
		}

	};

	private KeyHasher() {
	}

	/**
	 * Return the stable 64-bit hash of the given routing key.
	 * @param key the key
	 * @return the hash of the key
	 * @throws IllegalArgumentException if the key is {@code null}, empty, longer than
	 * {@link #MAX_KEY_LENGTH}, of an unsupported type, or a {@code List} or record that
	 * contains {@code null} or a value of an unsupported type
	 */
	public static long hash(Object key) {
		if (key == null) {
			throw new IllegalArgumentException("Unsupported null key: " + SUPPORTED_TYPES);
		}
		if ((key instanceof String string && string.isEmpty()) || (key instanceof byte[] bytes && bytes.length == 0)
				|| (key instanceof List<?> list && list.isEmpty())) {
			throw new IllegalArgumentException("A key must not be empty");
		}
		return hash(key, 0);
	}

	/**
	 * Mix all bits of the given value into all bits of the result. This is a bijection on
	 * {@code long} values with strong avalanche behaviour (the finaliser of the
	 * SplitMix64 generator).
	 * @param x the value to mix
	 * @return the mixed value
	 */
	public static long mix(long x) {
		x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
		x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
		return x ^ (x >>> 31);
	}

	private static long hash(Object key, int depth) {
		if (key instanceof String string) {
			return hashChars(TAG_STRING, string);
		}
		if (key instanceof Number number) {
			return hashNumber(number);
		}
		if (key instanceof UUID uuid) {
			return mix(
					round(round(round(SEED, TAG_UUID), uuid.getMostSignificantBits()), uuid.getLeastSignificantBits()));
		}
		if (key instanceof byte[] bytes) {
			return hashBytes(TAG_BYTES, bytes);
		}
		if (key instanceof Enum<?> constant) {
			return hashChars(TAG_ENUM, constant.name());
		}
		if (key instanceof List<?> list) {
			return hashList(list, depth);
		}
		if (key.getClass().isRecord()) {
			return hashRecord((Record) key, depth);
		}
		throw new IllegalArgumentException("Unsupported key type " + key.getClass().getName() + ": " + SUPPORTED_TYPES);
	}

	private static long hashNumber(Number number) {
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte
				|| number instanceof AtomicInteger || number instanceof AtomicLong) {
			return hashIntegral(number.longValue());
		}
		if (number instanceof Double || number instanceof Float) {
			double value = number.doubleValue();
			long bits = (value != 0.0d) ? Double.doubleToLongBits(value) : 0L;
			return mix(round(round(SEED, TAG_FLOATING), bits));
		}
		if (number instanceof BigInteger bigInteger) {
			return hashBigInteger(bigInteger);
		}
		if (number instanceof BigDecimal bigDecimal) {
			BigDecimal stripped = bigDecimal.stripTrailingZeros();
			long h = round(round(SEED, TAG_DECIMAL), stripped.scale());
			return mix(round(h, hashBigInteger(stripped.unscaledValue())));
		}
		throw new IllegalArgumentException(
				"Unsupported key type " + number.getClass().getName() + ": " + SUPPORTED_NUMBER_TYPES);
	}

	private static long hashIntegral(long value) {
		return mix(round(round(SEED, TAG_INTEGRAL), value));
	}

	private static long hashBigInteger(BigInteger value) {
		if (value.bitLength() < Long.SIZE) {
			return hashIntegral(value.longValue());
		}
		return hashBytes(TAG_BIG_INTEGER, value.toByteArray());
	}

	private static long hashChars(long tag, String chars) {
		long h = round(SEED, tag);
		int length = checkLength(chars.length(), "characters");
		int i = 0;
		for (int end = length - 3; i < end; i += 4) {
			long word = chars.charAt(i) | ((long) chars.charAt(i + 1) << 16) | ((long) chars.charAt(i + 2) << 32)
					| ((long) chars.charAt(i + 3) << 48);
			h = round(h, word);
		}
		if (i < length) {
			long word = 0;
			for (int shift = 0; i < length; i++, shift += 16) {
				word |= (long) chars.charAt(i) << shift;
			}
			h = round(h, word);
		}
		return mix(round(h, length));
	}

	private static long hashBytes(long tag, byte[] bytes) {
		long h = round(SEED, tag);
		int length = checkLength(bytes.length, "bytes");
		int i = 0;
		for (int end = length - 7; i < end; i += 8) {
			h = round(h, (long) LITTLE_ENDIAN_LONGS.get(bytes, i));
		}
		if (i < length) {
			long word = 0;
			for (int shift = 0; i < length; i++, shift += 8) {
				word |= (bytes[i] & 0xFFL) << shift;
			}
			h = round(h, word);
		}
		return mix(round(h, length));
	}

	private static long hashList(List<?> list, int depth) {
		checkDepth(depth);
		int size = checkLength(list.size(), "elements");
		long h = round(round(SEED, TAG_LIST), size);
		if (list instanceof RandomAccess) {
			for (int i = 0; i < size; i++) {
				h = round(h, hashElement(list.get(i), i, depth));
			}
		}
		else {
			int i = 0;
			for (Object element : list) {
				h = round(h, hashElement(element, i++, depth));
			}
		}
		return mix(h);
	}

	private static long hashElement(@Nullable Object element, int index, int depth) {
		if (element == null) {
			throw new IllegalArgumentException(
					"Unsupported null element at index " + index + " of a List key: " + SUPPORTED_TYPES);
		}
		return hash(element, depth + 1);
	}

	private static long hashRecord(Record record, int depth) {
		checkDepth(depth);
		Method[] accessors = RECORD_ACCESSORS.get(record.getClass());
		long h = round(round(SEED, TAG_RECORD), accessors.length);
		for (Method accessor : accessors) {
			Object component = readComponent(record, accessor);
			if (component == null) {
				throw new IllegalArgumentException("Unsupported null value of component '" + accessor.getName()
						+ "' of record key " + record.getClass().getName() + ": " + SUPPORTED_TYPES);
			}
			h = round(h, hash(component, depth + 1));
		}
		return mix(h);
	}

	private static @Nullable Object readComponent(Record record, Method accessor) {
		try {
			return accessor.invoke(record, NO_ARGUMENTS);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalArgumentException("Cannot read component '" + accessor.getName() + "' of record key "
					+ record.getClass().getName() + ": the record is not accessible", ex);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalArgumentException("Failed to read component '" + accessor.getName() + "' of record key "
					+ record.getClass().getName(), ex.getCause());
		}
	}

	private static int checkLength(int length, String unit) {
		if (length > MAX_KEY_LENGTH) {
			throw new IllegalArgumentException("A key, or a part of it, has " + length + " " + unit + ": at most "
					+ MAX_KEY_LENGTH + " are allowed");
		}
		return length;
	}

	private static void checkDepth(int depth) {
		if (depth >= MAX_DEPTH) {
			throw new IllegalArgumentException(
					"Unsupported key: Lists and records must not be nested more than " + MAX_DEPTH + " levels deep");
		}
	}

	private static long round(long h, long word) {
		word *= C1;
		word = Long.rotateLeft(word, 31);
		word *= C2;
		h ^= word;
		h = Long.rotateLeft(h, 27);
		return h * 5 + 0x52DCE729L;
	}

}
