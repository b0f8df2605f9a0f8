/*
 * Copyright 2026-present the original author or authors.
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

package dev.reuseport.cache;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

/**
 * Estimates how many bytes of heap one entry of a {@link SharedCache} holds, so that the
 * cache can be bounded by bytes. Define a bean of this type to weigh your own value types
 * exactly.
 *
 * @author reuseport team
 * @since 0.1.0
 * @see #estimating()
 */
@FunctionalInterface
public interface SharedCacheWeigher {

	/**
	 * Return the estimated size in bytes of an entry.
	 * @param key the key
	 * @param value the value, never {@code null}
	 * @return the estimated size, at least 1
	 */
	long weigh(Object key, Object value);

	/**
	 * Return the default weigher. It counts the bytes of {@code byte[]},
	 * {@link CharSequence}, {@link ByteBuffer}, arrays, collections and maps (to a depth
	 * of four), and counts any other object as {@value EstimatingWeigher#OTHER} bytes.
	 * @return the default weigher
	 */
	static SharedCacheWeigher estimating() {
		return (key, value) -> EstimatingWeigher.ENTRY + EstimatingWeigher.estimate(key, 0)
				+ EstimatingWeigher.estimate(value, 0);
	}

	/**
	 * Size estimates of the default weigher.
	 */
	final class EstimatingWeigher {

		/**
		 * Bytes counted for an object the weigher cannot look into.
		 */
		public static final int OTHER = 64;

		static final int ENTRY = 96;

		private static final int MAX_DEPTH = 4;

		private EstimatingWeigher() {
		}

		static long estimate(Object object, int depth) {
			if (object instanceof byte[] bytes) {
				return 16L + bytes.length;
			}
			if (object instanceof CharSequence text) {
				return 40L + 2L * text.length();
			}
			if (object instanceof ByteBuffer buffer) {
				return 48L + buffer.capacity();
			}
			if (object instanceof Number || object instanceof Boolean || object instanceof Character
					|| object instanceof Enum<?>) {
				return 16;
			}
			if (depth >= MAX_DEPTH) {
				return OTHER;
			}
			if (object instanceof Object[] array) {
				long size = 16L + 4L * array.length;
				for (Object element : array) {
					size += (element != null) ? estimate(element, depth + 1) : 0;
				}
				return size;
			}
			if (object instanceof Collection<?> collection) {
				long size = 40L + 8L * collection.size();
				for (Object element : collection) {
					size += (element != null) ? estimate(element, depth + 1) : 0;
				}
				return size;
			}
			if (object instanceof Map<?, ?> map) {
				long size = 48L + 32L * map.size();
				for (Map.Entry<?, ?> entry : map.entrySet()) {
					size += (entry.getKey() != null) ? estimate(entry.getKey(), depth + 1) : 0;
					size += (entry.getValue() != null) ? estimate(entry.getValue(), depth + 1) : 0;
				}
				return size;
			}
			return OTHER;
		}

	}

}
