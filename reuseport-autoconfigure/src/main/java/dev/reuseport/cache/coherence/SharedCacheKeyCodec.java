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

import java.util.ArrayList;
import java.util.List;
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

	/**
	 * The most scopes one key may be nested in: the shared cache's own keys use one.
	 */
	static final int MAX_DEPTH = 8;

	/**
	 * The most digits of a scope's length.
	 */
	private static final int MAX_LENGTH_DIGITS = 9;

	private SharedCacheKeyCodec() {
	}

	/**
	 * Return the text form of a key.
	 * @param key the key
	 * @return the text, or {@code null} if the key has none (nested deeper than
	 * {@link #MAX_DEPTH} scopes included)
	 */
	static @Nullable String encode(Object key) {
		StringBuilder text = new StringBuilder();
		Object inner = key;
		int depth = 0;
		while (inner instanceof ScopedKey scoped) {
			if (++depth > MAX_DEPTH) {
				return null;
			}
			text.append('k').append(scoped.scope().length()).append(':').append(scoped.scope());
			inner = scoped.key();
		}
		String plain = encodePlain(inner);
		return (plain != null) ? text.append(plain).toString() : null;
	}

	private static @Nullable String encodePlain(Object key) {
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
		return null;
	}

	/**
	 * Read a key from its text form, in one pass over it, with at most {@link #MAX_DEPTH}
	 * nested scopes.
	 * @param text the text
	 * @return the key
	 * @throws IllegalArgumentException if the text is not a key's text form
	 */
	static Object decode(String text) {
		List<String> scopes = null;
		int at = 0;
		while (at < text.length() && text.charAt(at) == 'k') {
			if (scopes == null) {
				scopes = new ArrayList<>(2);
			}
			if (scopes.size() == MAX_DEPTH) {
				throw new IllegalArgumentException("Scoped key nested deeper than " + MAX_DEPTH);
			}
			int colon = text.indexOf(':', at + 1);
			if (colon < at + 2 || colon - at - 1 > MAX_LENGTH_DIGITS) {
				throw new IllegalArgumentException("Scoped key without a scope length");
			}
			int length = 0;
			for (int i = at + 1; i < colon; i++) {
				char digit = text.charAt(i);
				if (digit < '0' || digit > '9') {
					throw new IllegalArgumentException("Scope length is not a number");
				}
				length = length * 10 + (digit - '0');
			}
			int end = colon + 1 + length;
			if (end > text.length()) {
				throw new IllegalArgumentException("Scope length " + length + " out of range");
			}
			scopes.add(text.substring(colon + 1, end));
			at = end;
		}
		Object key = decodePlain(text, at);
		if (scopes != null) {
			for (int i = scopes.size() - 1; i >= 0; i--) {
				key = new ScopedKey(scopes.get(i), key);
			}
		}
		return key;
	}

	private static Object decodePlain(String text, int at) {
		if (at >= text.length()) {
			throw new IllegalArgumentException("Empty key");
		}
		String value = text.substring(at + 1);
		return switch (text.charAt(at)) {
			case 's' -> value;
			case 'l' -> Long.valueOf(value);
			case 'i' -> Integer.valueOf(value);
			case 'h' -> Short.valueOf(value);
			case 'b' -> Byte.valueOf(value);
			case 'z' -> Boolean.valueOf(value);
			case 'c' -> character(value);
			case 'u' -> UUID.fromString(value);
			case 'e' -> empty(value);
			default -> throw new IllegalArgumentException("Unknown key type '" + text.charAt(at) + "'");
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

	private static SimpleKey empty(String value) {
		if (!value.isEmpty()) {
			throw new IllegalArgumentException("Text after an empty key");
		}
		return SimpleKey.EMPTY;
	}

	private static Character character(String value) {
		if (value.length() != 1) {
			throw new IllegalArgumentException("Not one character: '" + value + "'");
		}
		return value.charAt(0);
	}

}
