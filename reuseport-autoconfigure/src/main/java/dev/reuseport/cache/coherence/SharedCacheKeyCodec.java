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

package dev.reuseport.cache.coherence;

import java.util.UUID;

import dev.reuseport.cache.ScopedKey;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.interceptor.SimpleKey;

/**
 * Writes the keys of the shared cache as text and reads them back: strings, the boxed
 * integer types, booleans, characters, UUIDs, Spring's empty {@link SimpleKey} and
 * {@link ScopedKey}s of those. Other keys have no text form: they are never sent, so no
 * class is ever loaded from a message.
 *
 * @author reuseport team
 */
final class SharedCacheKeyCodec {

	private SharedCacheKeyCodec() {
	}

	/**
	 * Return the text form of a key.
	 * @param key the key
	 * @return the text, or {@code null} if the key has none
	 */
	static @Nullable String encode(Object key) {
		if (key instanceof String string) {
			return "s" + string;
		}
		if (key instanceof Long || key instanceof Integer || key instanceof Short || key instanceof Byte) {
			return typeOf(key) + key.toString();
		}
		if (key instanceof Boolean bool) {
			return "z" + bool;
		}
		if (key instanceof Character character) {
			return "c" + character;
		}
		if (key instanceof UUID uuid) {
			return "u" + uuid;
		}
		if (SimpleKey.EMPTY.equals(key)) {
			return "e";
		}
		if (key instanceof ScopedKey scoped) {
			String inner = encode(scoped.key());
			return (inner != null) ? "k" + scoped.scope().length() + ":" + scoped.scope() + inner : null;
		}
		return null;
	}

	/**
	 * Read a key from its text form.
	 * @param text the text
	 * @return the key
	 * @throws IllegalArgumentException if the text is not a key's text form
	 */
	static Object decode(String text) {
		if (text.isEmpty()) {
			throw new IllegalArgumentException("Empty key");
		}
		String value = text.substring(1);
		return switch (text.charAt(0)) {
			case 's' -> value;
			case 'l' -> Long.valueOf(value);
			case 'i' -> Integer.valueOf(value);
			case 'h' -> Short.valueOf(value);
			case 'b' -> Byte.valueOf(value);
			case 'z' -> Boolean.valueOf(value);
			case 'c' -> character(value);
			case 'u' -> UUID.fromString(value);
			case 'e' -> SimpleKey.EMPTY;
			case 'k' -> scoped(value);
			default -> throw new IllegalArgumentException("Unknown key type '" + text.charAt(0) + "'");
		};
	}

	private static char typeOf(Object number) {
		if (number instanceof Long) {
			return 'l';
		}
		if (number instanceof Integer) {
			return 'i';
		}
		return (number instanceof Short) ? 'h' : 'b';
	}

	private static Character character(String value) {
		if (value.length() != 1) {
			throw new IllegalArgumentException("Not one character: '" + value + "'");
		}
		return value.charAt(0);
	}

	private static ScopedKey scoped(String value) {
		int colon = value.indexOf(':');
		if (colon < 1) {
			throw new IllegalArgumentException("Scoped key without scope length");
		}
		int length = Integer.parseInt(value.substring(0, colon));
		int end = colon + 1 + length;
		if (length < 0 || end > value.length()) {
			throw new IllegalArgumentException("Scope length " + length + " out of range");
		}
		return new ScopedKey(value.substring(colon + 1, end), decode(value.substring(end)));
	}

}
